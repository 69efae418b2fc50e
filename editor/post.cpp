#include "post.h"

namespace Meetdown {

namespace {

QByteArray trimmedLine(const QByteArray &bytes, qsizetype from, qsizetype to)
{
    while (to > from &&
           (bytes.at(to - 1) == ' ' || bytes.at(to - 1) == '\t' || bytes.at(to - 1) == '\r' ||
            bytes.at(to - 1) == '\v' || bytes.at(to - 1) == '\f'))
        --to;
    return bytes.mid(from, to - from);
}

qsizetype firstInvalidUtf8(const QByteArray &bytes)
{
    const auto *s = reinterpret_cast<const unsigned char *>(bytes.constData());
    const qsizetype n = bytes.size();
    qsizetype i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int len = 0;
        uint cp = 0;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (i + len > n)
            return i;
        for (int k = 1; k < len; ++k) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
            return i;
        i += len;
    }
    return -1;
}

} // namespace

bool isValidUtf8(const QByteArray &bytes)
{
    return firstInvalidUtf8(bytes) < 0;
}

Post::Post()
{
    reparse();
}

Post Post::fromBytes(const QByteArray &bytes)
{
    Post post;
    if (bytes.size() > MaxEditableBytes) {
        post.m_refusal = QStringLiteral("the file is %1 MB; Meetdown edits posts up to %2 MB")
                             .arg(double(bytes.size()) / (1024 * 1024), 0, 'f', 1)
                             .arg(MaxEditableBytes / (1024 * 1024));
        post.m_body = bytes;
        return post;
    }
    const qsizetype bad = firstInvalidUtf8(bytes);
    if (bad >= 0) {
        post.m_refusalLine = int(bytes.left(bad).count('\n')) + 1;
        post.m_refusal = QStringLiteral("the file is not valid UTF-8 (byte %1); it is shown "
                                        "read-only and will not be rewritten")
                             .arg(bad + 1);
    }
    qsizetype pos = 0;
    if (bytes.startsWith("\xEF\xBB\xBF")) {
        post.m_bom = bytes.left(3);
        pos = 3;
    }
    const qsizetype firstNl = bytes.indexOf('\n', pos);
    if (firstNl > 0 && bytes.at(firstNl - 1) == '\r')
        post.m_eol = "\r\n";

    if (firstNl >= 0 && trimmedLine(bytes, pos, firstNl) == "---") {
        qsizetype line = firstNl + 1;
        while (line < bytes.size()) {
            qsizetype nl = bytes.indexOf('\n', line);
            const qsizetype end = nl < 0 ? bytes.size() : nl + 1;
            const QByteArray text = trimmedLine(bytes, line, nl < 0 ? bytes.size() : nl);
            if (text == "---" || text == "...") {
                post.m_open = bytes.mid(pos, firstNl + 1 - pos);
                post.m_inner = bytes.mid(firstNl + 1, line - firstNl - 1);
                post.m_close = bytes.mid(line, end - line);
                post.m_body = bytes.mid(end);
                post.reparse();
                return post;
            }
            line = end;
        }
    }
    post.m_body = bytes.mid(pos);
    post.reparse();
    return post;
}

QByteArray Post::toBytes() const
{
    return m_bom + m_open + m_inner + m_close + m_body;
}

void Post::reparse()
{
    if (!hasFrontMatter()) {
        m_yaml = YamlDocument();
        m_yaml.root = QVariant::fromValue(YamlMap());
        m_yaml.loaded = true;
        return;
    }
    m_yaml = JekyllYaml::load(m_open + m_inner);
    // Entry offsets are relative to the opening line; make them relative to m_inner.
    const qsizetype base = m_open.size();
    for (auto &e : m_yaml.entries) {
        e.lineStart -= base;
        e.afterColon -= base;
        e.end -= base;
        if (e.valueStart >= 0)
            e.valueStart -= base;
        if (e.valueEnd >= 0)
            e.valueEnd -= base;
    }
}

QVariant Post::value(const QString &key) const
{
    return yamlValue(m_yaml.map(), key);
}

bool Post::contains(const QString &key) const
{
    for (const auto &pair : m_yaml.map()) {
        if (pair.first == key)
            return true;
    }
    return false;
}

QStringList Post::keys() const
{
    QStringList keys;
    for (const auto &pair : m_yaml.map())
        keys.append(pair.first);
    return keys;
}

int Post::keyLine(const QString &key) const
{
    const YamlEntry *e = m_yaml.lastEntry(key);
    return e ? e->line + 1 : 0;
}

bool Post::startsWithUnreadDelimiter() const
{
    if (hasFrontMatter())
        return false;
    const qsizetype nl = m_body.indexOf('\n');
    return nl >= 0 && trimmedLine(m_body, 0, nl) == "---";
}

Diagnostics Post::diagnostics() const
{
    Diagnostics out = m_yaml.diagnostics;
    if (startsWithUnreadDelimiter())
        out.prepend({Diagnostic::Severity::Warning, 1, 1,
                     QStringLiteral("the front matter's opening '---' has no closing '---' line, "
                                    "so Jekyll reads the whole file as the post's text and none "
                                    "of its fields; add the closing line")});
    return out;
}

int Post::bodyFirstLine() const
{
    return int((m_open + m_inner + m_close).count('\n')) + 1;
}

QString Post::body() const
{
    QString text = QString::fromUtf8(m_body);
    if (m_eol == "\r\n")
        text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    return text;
}

void Post::setBody(const QString &text)
{
    QByteArray bytes = text.toUtf8();
    if (m_eol == "\r\n") {
        bytes.replace("\r\n", "\n");
        bytes.replace("\n", "\r\n");
    }
    // A file that ended right at its closing `---` needs a line break before any body text.
    if (!bytes.isEmpty() && !m_close.isEmpty() && !m_close.endsWith('\n'))
        m_close += m_eol;
    m_body = bytes;
}

QString Post::editError() const
{
    if (!isEditable())
        return QStringLiteral("This file cannot be edited: %1.").arg(m_refusal);
    if (startsWithUnreadDelimiter())
        return QStringLiteral("The file starts with a '---' line whose closing '---' line is "
                              "missing, so it has no front matter Jekyll reads; add the closing "
                              "line in the text first.");
    if (hasFrontMatter() && !m_yaml.isLoaded()) {
        const Diagnostic d = m_yaml.diagnostics.value(0);
        return QStringLiteral("The front matter does not parse (line %1, column %2: %3); fix it "
                              "in the text first.")
            .arg(d.line)
            .arg(d.column)
            .arg(d.message);
    }
    return QString();
}

QByteArray Post::entryLines(const QString &key, const QString &yaml) const
{
    const YamlEntry *e = m_yaml.lastEntry(key);
    const QByteArray value = yaml.toUtf8();
    const bool multiLine = value.contains('\n');
    if (e && !multiLine && e->valueStart >= 0 && e->valueEnd >= 0) {
        // Keep the key's spelling, the spacing after the colon and any trailing comment.
        const qsizetype lineEnd = m_inner.indexOf('\n', e->lineStart);
        const qsizetype firstLineEnd = lineEnd < 0 ? m_inner.size() : lineEnd + 1;
        if (e->end == firstLineEnd) {
            return m_inner.mid(e->lineStart, e->valueStart - e->lineStart) + value +
                   m_inner.mid(e->valueEnd, e->end - e->valueEnd);
        }
    }
    QByteArray prefix = e ? m_inner.mid(e->lineStart, e->afterColon - e->lineStart)
                          : (JekyllYaml::quoted(key, '"') + QLatin1Char(':')).toUtf8();
    if (e && multiLine && e->valueStart < 0) {
        // The value already starts below the key: keep the key line as it is, comment and all.
        qsizetype lineEnd = m_inner.indexOf('\n', e->lineStart);
        if (lineEnd < 0)
            lineEnd = m_inner.size();
        if (lineEnd > e->lineStart && m_inner.at(lineEnd - 1) == '\r')
            --lineEnd;
        prefix = m_inner.mid(e->lineStart, lineEnd - e->lineStart);
    }
    if (!multiLine)
        return prefix + (value.isEmpty() ? QByteArray() : " " + value) + m_eol;
    QList<QByteArray> lines = value.split('\n');
    while (!lines.isEmpty() && lines.first().trimmed().isEmpty())
        lines.removeFirst();
    while (!lines.isEmpty() && lines.last().trimmed().isEmpty())
        lines.removeLast();
    if (lines.isEmpty())
        return prefix + m_eol;
    // A block scalar's indicator stays on the key's line: `key: |`.
    const QByteArray head = lines.first().trimmed();
    const bool blockScalar = (head.startsWith('|') || head.startsWith('>')) && head.size() <= 3;
    if (blockScalar)
        lines.removeFirst();
    // Nested values belong under their key; a value written at column 0 is indented.
    bool atColumnZero = false;
    for (const QByteArray &line : lines)
        atColumnZero = atColumnZero || (!line.isEmpty() && line.at(0) != ' ' && line.at(0) != '\t');
    const bool blockList = !blockScalar && lines.first().startsWith('-');
    QByteArray out = prefix + (blockScalar ? " " + head : QByteArray()) + m_eol;
    for (const QByteArray &line : lines) {
        const bool indent = atColumnZero && !line.isEmpty() && (blockScalar || !blockList);
        out += (indent ? "  " + line : line) + m_eol;
    }
    return out;
}

namespace {

// A `---` or `...` line inside the YAML would end the front matter there on the next load.
bool hasDelimiterLine(const QByteArray &yaml)
{
    for (const QByteArray &line : yaml.split('\n')) {
        const QByteArray t = trimmedLine(line, 0, line.size());
        if (t == "---" || t == "...")
            return true;
    }
    return false;
}

QByteArray jsonOf(const QVariant &value)
{
    return JekyllYaml::toJson(value, false);
}

} // namespace

QString Post::editBreaks(const Post &before, const QString &key, bool removed) const
{
    if (!m_yaml.isLoaded())
        return QStringLiteral("the front matter would no longer parse");
    if (m_yaml.refused && !before.m_yaml.refused)
        return m_yaml.diagnostics.value(0).message;
    if (hasDelimiterLine(m_inner))
        return QStringLiteral("a '---' or '...' line would end the front matter early");
    if (removed == contains(key)) {
        return removed ? QStringLiteral("the key is still read after removing its lines")
                       : QStringLiteral("Jekyll would not read it: the YAML ends before the end "
                                        "of the front matter; fix that in the text first");
    }
    // Every other key must read exactly as before: no alias, merge or quote is disturbed.
    const YamlMap was = before.values();
    const YamlMap now = values();
    for (const auto &pair : was) {
        if (pair.first == key)
            continue;
        if (!contains(pair.first) || jsonOf(value(pair.first)) != jsonOf(pair.second))
            return QStringLiteral("it would change '%1' too").arg(pair.first);
    }
    for (const auto &pair : now) {
        if (pair.first != key && !before.contains(pair.first))
            return QStringLiteral("it would add '%1' too").arg(pair.first);
    }
    return QString();
}

QString Post::replaceEntry(const QString &key, const QByteArray &entryText)
{
    const Post before = *this;
    if (const YamlEntry *e = m_yaml.lastEntry(key); e && !e->hasColon)
        return QStringLiteral(
                   "'%1' uses YAML's explicit '?' form; edit it in the front matter text")
            .arg(key);
    if (!hasFrontMatter()) {
        m_open = "---" + m_eol;
        m_close = "---" + m_eol;
        m_inner.clear();
        m_createdFrontMatter = true;
    }
    if (const YamlEntry *e = m_yaml.lastEntry(key))
        m_inner.replace(e->lineStart, e->end - e->lineStart, entryText);
    else
        m_inner.append(entryText);
    reparse();
    const QString broken = editBreaks(before, key, false);
    if (!broken.isEmpty()) {
        *this = before;
        return QStringLiteral("'%1' cannot be set to that value: %2.").arg(key, broken);
    }
    return QString();
}

QString Post::setValueYaml(const QString &key, const QString &yaml)
{
    const QString error = editError();
    if (!error.isEmpty())
        return error;
    if (key.isEmpty())
        return QStringLiteral("A key cannot be empty.");
    return replaceEntry(key, entryLines(key, yaml));
}

QString Post::setString(const QString &key, const QString &text)
{
    const YamlEntry *e = m_yaml.lastEntry(key);
    const char quote = e && e->quote ? e->quote : '"';
    // A value the author quoted stays quoted; a plain one is quoted only when Jekyll needs it.
    return setValueYaml(key, JekyllYaml::quoted(text, quote, e && e->quote));
}

QString Post::setBool(const QString &key, bool value)
{
    return setValueYaml(key, value ? QStringLiteral("true") : QStringLiteral("false"));
}

QString Post::setStringList(const QString &key, const QStringList &items)
{
    const YamlEntry *e = m_yaml.lastEntry(key);
    if (e && e->blockList && !items.isEmpty()) {
        // Reuse the indentation of the first item line.
        const qsizetype next = m_inner.indexOf('\n', e->lineStart) + 1;
        QByteArray indent;
        for (qsizetype i = next;
             i < m_inner.size() && (m_inner.at(i) == ' ' || m_inner.at(i) == '\t'); ++i)
            indent += m_inner.at(i);
        QStringList lines;
        for (const QString &item : items)
            lines.append(QString::fromUtf8(indent) + QStringLiteral("- ") +
                         JekyllYaml::quoted(item));
        return setValueYaml(key, lines.join(QLatin1Char('\n')));
    }
    const QVariant current = value(key);
    if (e && !e->blockList && !e->flowList && current.typeId() == QMetaType::QString &&
        !items.isEmpty()) {
        bool simple = true;
        for (const QString &item : items) {
            const QString q = JekyllYaml::quoted(item);
            simple = simple && q == item && !item.contains(QLatin1Char(' '));
        }
        if (simple)
            return setString(key, items.join(QLatin1Char(' ')));
    }
    bool spaced = false;
    if (e && e->flowList && e->valueStart >= 0 && e->valueStart + 1 < m_inner.size())
        spaced = m_inner.at(e->valueStart + 1) == ' ';
    QStringList quotedItems;
    for (const QString &item : items)
        quotedItems.append(JekyllYaml::quoted(item, '"', false, JekyllYaml::Context::Flow));
    if (quotedItems.isEmpty())
        return setValueYaml(key, QStringLiteral("[]"));
    const QString sep = spaced ? QStringLiteral(" ") : QString();
    return setValueYaml(key, QLatin1Char('[') + sep + quotedItems.join(QStringLiteral(", ")) + sep +
                                 QLatin1Char(']'));
}

QString Post::remove(const QString &key)
{
    const QString error = editError();
    if (!error.isEmpty())
        return error;
    const Post before = *this;
    while (const YamlEntry *e = m_yaml.lastEntry(key)) {
        // An entry with no bytes (`? ` at the end) would be found again forever.
        if (e->end <= e->lineStart) {
            *this = before;
            return QStringLiteral("'%1' cannot be removed here; edit the front matter text.")
                .arg(key);
        }
        m_inner.remove(e->lineStart, e->end - e->lineStart);
        reparse();
    }
    if (m_createdFrontMatter && m_inner.isEmpty()) {
        m_open.clear();
        m_close.clear();
        m_createdFrontMatter = false;
        reparse();
    }
    if (before.contains(key)) {
        const QString broken = editBreaks(before, key, true);
        if (!broken.isEmpty()) {
            *this = before;
            return QStringLiteral("'%1' cannot be removed here: %2.").arg(key, broken);
        }
    }
    return QString();
}

QString Post::setFrontMatterText(const QByteArray &yaml)
{
    if (!isEditable() || startsWithUnreadDelimiter())
        return editError();
    if (hasDelimiterLine(yaml))
        return QStringLiteral("A '---' or '...' line would end the front matter there; the rest "
                              "would become the body.");
    if (!hasFrontMatter()) {
        m_open = "---" + m_eol;
        m_close = "---" + m_eol;
        m_createdFrontMatter = true;
    }
    m_inner = yaml;
    if (!m_inner.isEmpty() && !m_inner.endsWith('\n'))
        m_inner += m_eol;
    reparse();
    return QString();
}

} // namespace Meetdown
