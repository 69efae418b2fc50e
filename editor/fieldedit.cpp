#include "fieldedit.h"

#include "jekyllrules.h"
#include "jekyllyaml.h"
#include "post.h"

#include <QRegularExpression>

#include <vector>

namespace Meetdown {

namespace {

QList<QByteArray> splitKeepingEnds(const QByteArray &bytes)
{
    QList<QByteArray> lines;
    qsizetype from = 0;
    while (from < bytes.size()) {
        const qsizetype nl = bytes.indexOf('\n', from);
        const qsizetype end = nl < 0 ? bytes.size() : nl + 1;
        lines.append(bytes.mid(from, end - from));
        from = end;
    }
    return lines;
}

QByteArray withoutEol(QByteArray line)
{
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    return line;
}

int leadingSpaces(const QByteArray &line)
{
    int n = 0;
    while (n < line.size() && line.at(n) == ' ')
        ++n;
    return n;
}

bool isBlank(const QByteArray &line)
{
    return line.trimmed().isEmpty();
}

// One entry of the front matter split the way the "More fields" editor shows it.
struct EntryText
{
    bool exists = false;
    bool valueOnKeyLine = false;
    QByteArray keyLine;      // the key's whole line, with its line break
    QByteArray prefix;       // the key as spelled, up to and including the colon
    QString head;            // what follows the colon on the key's line, trimmed
    QString oneLineValue;    // a one-line value without its trailing comment
    QList<QByteArray> rest;  // the lines after the key's, with their line breaks
    QStringList restDisplay; // the same, less their common indentation and line breaks
    int indent = -1;         // that common indentation; -1 when the value has one line
};

EntryText entryText(const Post &post, const QString &key)
{
    EntryText t;
    const YamlEntry *e = post.yaml().lastEntry(key);
    if (!e)
        return t;
    const QByteArray inner = post.frontMatterText();
    t.exists = true;
    t.valueOnKeyLine = e->valueStart >= 0;
    const qsizetype nl = inner.indexOf('\n', e->lineStart);
    const qsizetype firstEnd = qMin(nl < 0 ? inner.size() : nl + 1, qMax(e->end, e->afterColon));
    t.keyLine = inner.mid(e->lineStart, firstEnd - e->lineStart);
    t.prefix = inner.mid(e->lineStart, e->afterColon - e->lineStart);
    t.head =
        QString::fromUtf8(withoutEol(inner.mid(e->afterColon, firstEnd - e->afterColon))).trimmed();
    if (e->valueStart >= 0 && e->valueEnd >= e->valueStart)
        t.oneLineValue = QString::fromUtf8(inner.mid(e->valueStart, e->valueEnd - e->valueStart));
    else if (!t.head.startsWith(QLatin1Char('#')))
        t.oneLineValue = t.head;
    if (e->end > firstEnd)
        t.rest = splitKeepingEnds(inner.mid(firstEnd, e->end - firstEnd));
    for (const QByteArray &line : std::as_const(t.rest)) {
        if (!isBlank(line))
            t.indent = t.indent < 0 ? leadingSpaces(line) : qMin(t.indent, leadingSpaces(line));
    }
    if (t.indent < 0 && !t.rest.isEmpty())
        t.indent = 0;
    for (const QByteArray &line : std::as_const(t.rest)) {
        const QByteArray bare = withoutEol(line);
        t.restDisplay.append(QString::fromUtf8(bare.mid(qMin(t.indent, leadingSpaces(bare)))));
    }
    return t;
}

// A line that opens a block sequence or mapping cannot follow `key:` on the same line.
bool startsBlockCollection(const QString &line)
{
    if (line == QLatin1String("-") || line.startsWith(QLatin1String("- ")) ||
        line.startsWith(QLatin1String("? ")))
        return true;
    static const QRegularExpression mappingKey(
        QStringLiteral(R"(^(?:"[^"]*"|'[^']*'|[^\s#\[\]{}"'!&*|>%@`][^#]*?):(?:\s|$))"));
    return mappingKey.match(line).hasMatch();
}

// What must stay on the key's line: a block scalar header, a comment, an anchor or a tag.
bool belongsOnKeyLine(const QString &line)
{
    static const QString starts = QStringLiteral("|>#&!*");
    return !line.isEmpty() && starts.contains(line.at(0));
}

// Pairs of (old index, new index) of a longest common subsequence of equal lines.
std::vector<std::pair<int, int>> commonLines(const QStringList &a, const QStringList &b)
{
    const int n = int(a.size());
    const int m = int(b.size());
    std::vector<std::pair<int, int>> pairs;
    if (qint64(n) * m > 4'000'000)
        return pairs; // far beyond any front matter; rewriting the lines is fine then
    std::vector<int> table(size_t(n + 1) * size_t(m + 1), 0);
    auto at = [&](int i, int j) -> int & {
        return table[size_t(i) * size_t(m + 1) + size_t(j)];
    };
    for (int i = n - 1; i >= 0; --i) {
        for (int j = m - 1; j >= 0; --j)
            at(i, j) = a.at(i) == b.at(j) ? at(i + 1, j + 1) + 1 : qMax(at(i + 1, j), at(i, j + 1));
    }
    for (int i = 0, j = 0; i < n && j < m;) {
        if (a.at(i) == b.at(j)) {
            pairs.emplace_back(i, j);
            ++i;
            ++j;
        } else if (at(i + 1, j) >= at(i, j + 1)) {
            ++i;
        } else {
            ++j;
        }
    }
    return pairs;
}

QString editRefusal(const Post &post)
{
    if (!post.isEditable())
        return QStringLiteral("This file cannot be edited: %1.").arg(post.refusal());
    if (post.hasFrontMatter() && !post.frontMatterLoaded())
        return QStringLiteral("The front matter does not parse; fix it in the text first.");
    return QString();
}

// Signals carry edits by value; a name lookup (QML, queued connections by name) needs this too.
const int registered = qRegisterMetaType<FieldEdit>();

} // namespace

FieldEdit FieldEdit::string(const QString &key, const QString &text, std::optional<char> quote)
{
    FieldEdit e;
    e.m_kind = Kind::String;
    e.m_key = key;
    e.m_text = text;
    e.m_quote = quote;
    return e;
}

FieldEdit FieldEdit::boolean(const QString &key, bool value)
{
    FieldEdit e;
    e.m_kind = Kind::Bool;
    e.m_key = key;
    e.m_bool = value;
    return e;
}

FieldEdit FieldEdit::list(const QString &key, const QStringList &items)
{
    FieldEdit e;
    e.m_kind = Kind::List;
    e.m_key = key;
    e.m_items = items;
    return e;
}

FieldEdit FieldEdit::dateTime(const QString &key, const QDateTime &dateTime, const QTimeZone &zone)
{
    FieldEdit e;
    e.m_kind = Kind::DateTime;
    e.m_key = key;
    e.m_dateTime = dateTime;
    e.m_zone = zone;
    return e;
}

FieldEdit FieldEdit::yaml(const QString &key, const QString &valueYaml)
{
    FieldEdit e;
    e.m_kind = Kind::Yaml;
    e.m_key = key;
    e.m_text = valueYaml;
    return e;
}

FieldEdit FieldEdit::remove(const QString &key)
{
    FieldEdit e;
    e.m_kind = Kind::Remove;
    e.m_key = key;
    return e;
}

bool operator==(const FieldEdit &a, const FieldEdit &b)
{
    return a.m_kind == b.m_kind && a.m_key == b.m_key && a.m_text == b.m_text &&
           a.m_quote == b.m_quote && a.m_bool == b.m_bool && a.m_items == b.m_items &&
           a.m_dateTime == b.m_dateTime && a.m_zone == b.m_zone;
}

QString FieldEdit::description() const
{
    if (m_kind == Kind::Remove)
        return QStringLiteral("Remove %1").arg(m_key);
    return QStringLiteral("Change %1").arg(m_key);
}

QString FieldEdit::apply(Post &post) const
{
    if (m_key.trimmed().isEmpty())
        return QStringLiteral("A key cannot be empty.");
    switch (m_kind) {
    case Kind::String:
        if (m_quote) {
            const char q = *m_quote;
            return post.setValueYaml(m_key, JekyllYaml::quoted(m_text, q ? q : '"', q != 0));
        }
        return post.setString(m_key, m_text);
    case Kind::Bool:
        return post.setBool(m_key, m_bool);
    case Kind::List:
        return post.setStringList(m_key, m_items);
    case Kind::DateTime: {
        if (!m_dateTime.isValid())
            return QStringLiteral("'%1' needs a valid date and time.").arg(m_key);
        const QTimeZone zone = m_zone.isValid() ? m_zone : QTimeZone(m_dateTime.offsetFromUtc());
        return post.setValueYaml(m_key, JekyllRules::formatDate(m_dateTime, zone));
    }
    case Kind::Yaml:
        return applyYaml(post);
    case Kind::Remove: {
        const QString refusal = editRefusal(post);
        return refusal.isEmpty() ? post.remove(m_key) : refusal;
    }
    }
    return QStringLiteral("Unknown edit.");
}

QString FieldEdit::valueYamlText(const Post &post, const QString &key)
{
    const EntryText t = entryText(post, key);
    if (!t.exists)
        return QString();
    if (t.rest.isEmpty())
        return t.oneLineValue;
    const QString body = t.restDisplay.join(QLatin1Char('\n'));
    return t.head.isEmpty() ? body : t.head + QLatin1Char('\n') + body;
}

QString FieldEdit::applyYaml(Post &post) const
{
    const QString refusal = editRefusal(post);
    if (!refusal.isEmpty())
        return refusal;
    QString text = m_text;
    text.replace(QLatin1String("\r\n"), QLatin1String("\n"))
        .replace(QLatin1Char('\r'), QLatin1Char('\n'));
    while (text.endsWith(QLatin1Char('\n')))
        text.chop(1);

    const EntryText old = entryText(post, m_key);
    if (old.exists && text == valueYamlText(post, m_key))
        return QString();

    Post candidate = post;
    if (!text.contains(QLatin1Char('\n'))) {
        const QString error = candidate.setValueYaml(m_key, text.trimmed());
        if (!error.isEmpty())
            return error;
    } else {
        const QByteArray eol = post.lineEnding();
        QStringList lines = text.split(QLatin1Char('\n'));
        QString head;
        if (lines.first().trimmed().isEmpty()) {
            lines.removeFirst();
        } else {
            const QString first = lines.first().trimmed();
            if (!startsBlockCollection(first) &&
                (belongsOnKeyLine(first) || (old.exists && old.valueOnKeyLine))) {
                head = first;
                lines.removeFirst();
            }
        }
        // A block sequence may sit at the key's own indentation; anything else must be indented.
        bool zeroIndentOk = true;
        for (const QString &line : std::as_const(lines)) {
            if (!line.isEmpty() && !line.at(0).isSpace() && !line.startsWith(QLatin1Char('-')) &&
                !line.startsWith(QLatin1Char('#')))
                zeroIndentOk = false;
        }
        int indent = old.indent >= 0 ? old.indent : 2;
        if (indent == 0 && !zeroIndentOk)
            indent = 2;

        QByteArray entry;
        const QByteArray prefix =
            old.exists ? old.prefix : (JekyllYaml::quoted(m_key, '"') + QLatin1Char(':')).toUtf8();
        const bool sameKeyLine = old.exists && head == old.head && old.keyLine.endsWith('\n');
        if (sameKeyLine)
            entry = old.keyLine;
        else
            entry = prefix + (head.isEmpty() ? QByteArray() : " " + head.toUtf8()) + eol;

        // Lines the author did not change keep their bytes, whitespace and line breaks included.
        std::vector<int> reuse(size_t(lines.size()), -1);
        if (indent == old.indent) {
            for (const auto &[o, n] : commonLines(old.restDisplay, lines))
                reuse[size_t(n)] = o;
        }
        const QByteArray pad(indent, ' ');
        for (int i = 0; i < lines.size(); ++i) {
            const int o = reuse[size_t(i)];
            QByteArray line = o >= 0 ? old.rest.at(o) : QByteArray();
            if (o < 0) {
                const QString l = lines.at(i);
                line = (l.trimmed().isEmpty() ? QByteArray() : pad + l.toUtf8()) + eol;
            } else if (!line.endsWith('\n')) {
                line += eol;
            }
            entry += line;
        }

        QByteArray inner = post.frontMatterText();
        if (const YamlEntry *e = post.yaml().lastEntry(m_key)) {
            inner.replace(e->lineStart, e->end - e->lineStart, entry);
        } else {
            if (!inner.isEmpty() && !inner.endsWith('\n'))
                inner += eol;
            inner += entry;
        }
        const QString error = candidate.setFrontMatterText(inner);
        if (!error.isEmpty())
            return error;
    }

    // The text is the one key's value: it must not end it early or slip other keys in.
    QStringList expected = post.keys();
    if (!expected.contains(m_key))
        expected.append(m_key);
    const bool worse = hasErrors(candidate.diagnostics()) && !hasErrors(post.diagnostics());
    if (!candidate.frontMatterLoaded() || worse) {
        const Diagnostic d = candidate.diagnostics().value(0);
        return QStringLiteral("'%1' cannot be set to that value: %2").arg(m_key, d.message);
    }
    if (candidate.keys() != expected) {
        return QStringLiteral("'%1' cannot be set to that value: it would change other keys; "
                              "indent the lines of a list or mapping")
            .arg(m_key);
    }
    post = candidate;
    return QString();
}

} // namespace Meetdown
