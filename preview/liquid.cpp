#include "liquid.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonValue>
#include <QLocale>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <cmath>

namespace Meetdown {

namespace {

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

QString htmlEscape(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '&':
            out += QLatin1String("&amp;");
            break;
        case '<':
            out += QLatin1String("&lt;");
            break;
        case '>':
            out += QLatin1String("&gt;");
            break;
        case '"':
            out += QLatin1String("&quot;");
            break;
        case '\'':
            out += QLatin1String("&#39;");
            break;
        default:
            out += c;
            break;
        }
    }
    return out;
}

// Ruby's to_s of a number: integers plain, floats always with a fraction ("3.0").
QString numberText(double value)
{
    if (std::isfinite(value) && value == std::floor(value) && std::abs(value) < 1e15)
        return QString::number(static_cast<qint64>(value)) + QLatin1String(".0");
    return QString::number(value, 'g', 15);
}

// What Liquid prints for a value.
QString toText(const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::UnknownType:
    case QMetaType::Nullptr:
        return {};
    case QMetaType::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QMetaType::Double:
    case QMetaType::Float:
        return numberText(v.toDouble());
    case QMetaType::QDateTime:
        return Liquid::strftime(v.toDateTime(), QStringLiteral("%Y-%m-%d %H:%M:%S %z"));
    case QMetaType::QDate:
        return v.toDate().toString(Qt::ISODate);
    case QMetaType::QVariantList:
    case QMetaType::QStringList: {
        QString out;
        for (const QVariant &item : v.toList())
            out += toText(item);
        return out;
    }
    case QMetaType::QVariantMap: {
        // Ruby's Hash#to_s; printing a whole map is rare and only needs to be recognisable.
        QStringList parts;
        const QVariantMap map = v.toMap();
        for (auto it = map.begin(); it != map.end(); ++it)
            parts.append(QStringLiteral("\"%1\"=>\"%2\"").arg(it.key(), toText(it.value())));
        return QLatin1Char('{') + parts.join(QStringLiteral(", ")) + QLatin1Char('}');
    }
    default:
        return v.toString();
    }
}

bool isList(const QVariant &v)
{
    return v.typeId() == QMetaType::QVariantList || v.typeId() == QMetaType::QStringList;
}

// Liquid's truthiness for `default`: nil, false and empty strings and lists are replaced.
bool isEmptyValue(const QVariant &v)
{
    if (!v.isValid() || v.isNull())
        return true;
    if (v.typeId() == QMetaType::Bool)
        return !v.toBool();
    if (v.typeId() == QMetaType::QString)
        return v.toString().isEmpty();
    if (isList(v))
        return v.toList().isEmpty();
    if (v.typeId() == QMetaType::QVariantMap)
        return v.toMap().isEmpty();
    return false;
}

// A date as Jekyll's filters read one: a Time, a Date, or text Ruby can parse.
QDateTime toDateTime(const QVariant &v, const QTimeZone &zone)
{
    if (v.typeId() == QMetaType::QDateTime)
        return v.toDateTime();
    if (v.typeId() == QMetaType::QDate)
        return QDateTime(v.toDate(), QTime(0, 0), zone);
    if (v.typeId() == QMetaType::Int || v.typeId() == QMetaType::LongLong ||
        v.typeId() == QMetaType::Double)
        return QDateTime::fromSecsSinceEpoch(v.toLongLong(), zone);
    const QString text = v.toString().trimmed();
    if (text == QLatin1String("now") || text == QLatin1String("today"))
        return QDateTime::currentDateTime().toTimeZone(zone);
    static const QRegularExpression pattern(QStringLiteral(
        "^(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?:\\.\\d+)?)?"
        "\\s*(Z|[+-]\\d{2}:?\\d{2})?$"));
    const auto m = pattern.match(text);
    if (!m.hasMatch())
        return {};
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt());
    if (!date.isValid() || !time.isValid())
        return {};
    const QString offset = m.captured(7);
    if (offset.isEmpty())
        return QDateTime(date, time, zone);
    if (offset == QLatin1String("Z"))
        return QDateTime(date, time, QTimeZone::utc());
    QString digits = offset.mid(1);
    digits.remove(QLatin1Char(':'));
    const int seconds = (digits.left(2).toInt() * 60 + digits.mid(2).toInt()) * 60;
    return QDateTime(date, time,
                     QTimeZone(offset.startsWith(QLatin1Char('-')) ? -seconds : seconds));
}

QString slugify(const QString &text)
{
    QString out;
    bool dash = false;
    for (const QChar c : text.toLower()) {
        if (c.isLetterOrNumber()) {
            if (dash && !out.isEmpty())
                out += QLatin1Char('-');
            dash = false;
            out += c;
        } else {
            dash = true;
        }
    }
    return out;
}

QString ensureLeadingSlash(const QString &text)
{
    return text.isEmpty() || text.startsWith(QLatin1Char('/')) ? text : QLatin1Char('/') + text;
}

bool isAbsoluteUrl(const QString &url)
{
    static const QRegularExpression scheme(QStringLiteral("^[A-Za-z][A-Za-z0-9+.-]*:"));
    return scheme.match(url).hasMatch();
}

// One parsed `{% tag markup %}` or `{{ markup }}`, with the offsets it spans in the source.
struct Markup
{
    bool output = false; // {{ }} rather than {% %}
    qsizetype begin = 0; // offset of "{{" / "{%"
    qsizetype end = 0;   // offset after "}}" / "%}"
    QString inner;       // between the delimiters, whitespace-control dashes and blanks removed
    bool trimBefore = false;
    bool trimAfter = false;
    QString name;      // the tag's name
    QString arguments; // the tag's markup after its name
};

class Renderer
{
public:
    Renderer(const QByteArray &source, const LiquidContext &context, int firstLine)
        : m_source(source), m_context(context), m_firstLine(firstLine)
    {}

    LiquidResult run()
    {
        qsizetype pos = 0;
        bool trimNext = false;
        while (pos < m_source.size()) {
            const qsizetype open = nextMarkup(pos);
            QByteArray text = m_source.mid(pos, (open < 0 ? m_source.size() : open) - pos);
            if (trimNext)
                text = trimLeft(text);
            trimNext = false;
            m_out += text;
            if (open < 0)
                break;
            Markup markup;
            if (!readMarkup(open, &markup)) {
                // Liquid would stop with a syntax error; the preview shows the rest as written.
                issue(LiquidIssue::Kind::Unclosed, open, QString::fromUtf8(m_source.mid(open, 2)));
                m_out += m_source.mid(open);
                break;
            }
            if (markup.trimBefore)
                m_out = trimRight(m_out);
            pos = markup.output ? output(markup) : tag(markup);
            trimNext = markup.trimAfter;
        }
        return {m_out, m_issues};
    }

private:
    qsizetype nextMarkup(qsizetype from) const
    {
        const qsizetype a = m_source.indexOf("{{", from);
        const qsizetype b = m_source.indexOf("{%", from);
        if (a < 0)
            return b;
        if (b < 0)
            return a;
        return std::min(a, b);
    }

    bool readMarkup(qsizetype open, Markup *markup) const
    {
        markup->output = m_source.at(open + 1) == '{';
        markup->begin = open;
        const qsizetype close = m_source.indexOf(markup->output ? "}}" : "%}", open + 2);
        if (close < 0)
            return false;
        markup->end = close + 2;
        QString inner = QString::fromUtf8(m_source.mid(open + 2, close - open - 2));
        if (inner.startsWith(QLatin1Char('-'))) {
            markup->trimBefore = true;
            inner.remove(0, 1);
        }
        if (inner.endsWith(QLatin1Char('-'))) {
            markup->trimAfter = true;
            inner.chop(1);
        }
        markup->inner = inner.trimmed();
        if (!markup->output) {
            static const QRegularExpression nameAndRest(
                QStringLiteral("^(#|[A-Za-z_]\\w*)\\s*(.*)$"),
                QRegularExpression::DotMatchesEverythingOption);
            const auto m = nameAndRest.match(markup->inner);
            markup->name = m.captured(1);
            markup->arguments = m.captured(2).trimmed();
        }
        return true;
    }

    static QByteArray trimLeft(const QByteArray &text)
    {
        qsizetype i = 0;
        while (i < text.size() && isBlank(text.at(i)))
            ++i;
        return text.mid(i);
    }

    static QByteArray trimRight(const QByteArray &text)
    {
        qsizetype i = text.size();
        while (i > 0 && isBlank(text.at(i - 1)))
            --i;
        return text.left(i);
    }

    void issue(LiquidIssue::Kind kind, qsizetype offset, const QString &argument)
    {
        const QByteArray before = m_source.left(offset);
        const qsizetype lastBreak = before.lastIndexOf('\n');
        // Columns count characters, as editors and Diagnostic do.
        const int column =
            static_cast<int>(QString::fromUtf8(before.mid(lastBreak + 1)).size()) + 1;
        m_issues.append(
            {kind, m_firstLine + static_cast<int>(before.count('\n')), column, argument});
    }

    // Where the block tag `end<name>` that closes a {% name %} at `from` is, nested ones
    // skipped; -1 without one.
    bool findEnd(const QString &name, qsizetype from, Markup *endMarkup) const
    {
        int depth = 0;
        qsizetype pos = from;
        for (;;) {
            const qsizetype open = m_source.indexOf("{%", pos);
            if (open < 0)
                return false;
            Markup m;
            if (!readMarkup(open, &m))
                return false;
            // Nothing inside raw is a tag, not even another raw.
            if (name != QLatin1String("raw") && m.name == name)
                ++depth;
            else if (m.name == QLatin1String("end") + name && depth-- == 0) {
                *endMarkup = m;
                return true;
            }
            pos = m.end;
        }
    }

    qsizetype output(const Markup &markup)
    {
        m_out += toText(evaluate(markup.inner)).toUtf8();
        return markup.end;
    }

    qsizetype tag(const Markup &markup)
    {
        const QString &name = markup.name;
        if (name == QLatin1String("raw") || name == QLatin1String("comment") ||
            name == QLatin1String("highlight")) {
            Markup end;
            if (!findEnd(name, markup.end, &end)) {
                issue(LiquidIssue::Kind::Unclosed, markup.begin, name);
                m_out += m_source.mid(markup.begin, markup.end - markup.begin);
                return markup.end;
            }
            const QByteArray body = m_source.mid(markup.end, end.begin - markup.end);
            if (name == QLatin1String("raw"))
                m_out += markup.trimAfter ? trimLeft(body) : body;
            else if (name == QLatin1String("comment"))
                comment(markup, end, body);
            else
                highlight(markup.arguments, body);
            if (end.trimBefore && name == QLatin1String("raw"))
                m_out = trimRight(m_out);
            return end.end;
        }
        if (name == QLatin1String("#"))
            return markup.end; // an inline comment
        if (name == QLatin1String("post_url")) {
            const QString url = m_context.postUrl ? m_context.postUrl(markup.arguments) : QString();
            if (url.isEmpty()) {
                // Jekyll stops the build here; the preview shows the tag and check can say why.
                issue(LiquidIssue::Kind::UnresolvedPostUrl, markup.begin, markup.arguments);
                m_out += m_source.mid(markup.begin, markup.end - markup.begin);
            } else {
                m_out += url.toUtf8();
            }
            return markup.end;
        }
        if (name == QLatin1String("include") || name == QLatin1String("include_relative")) {
            const QString file = markup.arguments.section(QLatin1Char(' '), 0, 0);
            issue(LiquidIssue::Kind::Include, markup.begin, file);
            // Plain text: it may stand in a paragraph, a list or a code block alike.
            m_out += QStringLiteral("\u27E6%1 %2\u27E7").arg(name, file).toUtf8();
            return markup.end;
        }
        if (name == QLatin1String("assign")) {
            static const QRegularExpression assignment(
                QStringLiteral("^([A-Za-z_][\\w-]*)\\s*=\\s*(.*)$"),
                QRegularExpression::DotMatchesEverythingOption);
            const auto m = assignment.match(markup.arguments);
            if (m.hasMatch()) {
                m_locals.insert(m.captured(1), evaluate(m.captured(2)));
                return markup.end;
            }
        }
        issue(LiquidIssue::Kind::UnknownTag, markup.begin, name);
        m_out += m_source.mid(markup.begin, markup.end - markup.begin);
        return markup.end;
    }

    // A comment that fills whole lines leaves its line breaks, so the lines after it keep
    // their numbers; one inside a line goes like Jekyll's, without a trace.
    void comment(const Markup &open, const Markup &close, const QByteArray &body)
    {
        const QByteArray inner = m_source.mid(open.begin, close.end - open.begin);
        const qsizetype lineStart = m_source.lastIndexOf('\n', open.begin) + 1;
        const bool startsLine = trimLeft(m_source.mid(lineStart, open.begin - lineStart)).isEmpty();
        qsizetype lineEnd = m_source.indexOf('\n', close.end);
        if (lineEnd < 0)
            lineEnd = m_source.size();
        const bool endsLine = trimLeft(m_source.mid(close.end, lineEnd - close.end)).isEmpty();
        Q_UNUSED(body);
        if (startsLine || endsLine)
            m_out += QByteArray(inner.count('\n'), '\n');
    }

    // Jekyll's {% highlight lang %}: rouge's figure, here without the colours. The figure opens
    // on the tag's line and closes on the end tag's, so the code keeps its lines.
    void highlight(const QString &arguments, const QByteArray &body)
    {
        const QString language =
            arguments.section(QLatin1Char(' '), 0, 0, QString::SectionSkipEmpty);
        qsizetype leading = 0;
        while (leading < body.size() && (body.at(leading) == '\n' || body.at(leading) == '\r'))
            ++leading;
        qsizetype trailing = body.size();
        while (trailing > leading &&
               (body.at(trailing - 1) == '\n' || body.at(trailing - 1) == '\r'))
            --trailing;
        const int before = static_cast<int>(body.left(leading).count('\n'));
        const int after = static_cast<int>(body.mid(trailing).count('\n'));
        const QByteArray code = body.mid(leading, trailing - leading);
        const QByteArray lang = htmlEscape(language).toUtf8();
        m_out += QByteArray(std::max(before - 1, 0), '\n');
        m_out += "<figure class=\"highlight\"><pre>";
        if (before > 0)
            m_out += '\n'; // right after <pre>, where a browser does not show it
        m_out += "<code class=\"language-" + lang + "\" data-lang=\"" + lang + "\">";
        m_out += htmlEscape(QString::fromUtf8(code))
                     .replace(QLatin1String("&#39;"), QLatin1String("'"))
                     .toUtf8();
        if (after > 0)
            m_out += '\n';
        m_out += "</code></pre></figure>";
        m_out += QByteArray(std::max(after - 1, 0), '\n');
    }

    // ---- expressions ------------------------------------------------------------------------

    // Splits at `separator` outside quotes.
    static QStringList splitOutsideQuotes(const QString &text, QChar separator)
    {
        QStringList parts;
        QString current;
        QChar quote;
        for (const QChar c : text) {
            if (!quote.isNull()) {
                if (c == quote)
                    quote = QChar();
            } else if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
                quote = c;
            } else if (c == separator) {
                parts.append(current);
                current.clear();
                continue;
            }
            current += c;
        }
        parts.append(current);
        return parts;
    }

    QVariant evaluate(const QString &expression)
    {
        const QStringList parts = splitOutsideQuotes(expression, QLatin1Char('|'));
        QVariant value = operand(parts.first().trimmed());
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QString filter = parts.at(i).trimmed();
            const qsizetype colon = filter.indexOf(QLatin1Char(':'));
            const QString name = (colon < 0 ? filter : filter.left(colon)).trimmed();
            QVariantList arguments;
            if (colon >= 0) {
                for (const QString &a : splitOutsideQuotes(filter.mid(colon + 1), QLatin1Char(',')))
                    arguments.append(operand(a.trimmed()));
            }
            value = applyFilter(name, value, arguments);
        }
        return value;
    }

    QVariant operand(const QString &text)
    {
        if (text.size() >= 2 &&
            (text.front() == QLatin1Char('"') || text.front() == QLatin1Char('\'')) &&
            text.back() == text.front())
            return text.mid(1, text.size() - 2);
        if (text == QLatin1String("true") || text == QLatin1String("false"))
            return text == QLatin1String("true");
        if (text == QLatin1String("nil") || text == QLatin1String("null") || text.isEmpty())
            return {};
        bool ok = false;
        const qlonglong integer = text.toLongLong(&ok);
        if (ok)
            return integer;
        const double real = text.toDouble(&ok);
        if (ok)
            return real;
        return lookup(text);
    }

    // site.title, page.tags[0], page["key"], page.tags.size, a variable set with assign.
    QVariant lookup(const QString &path)
    {
        static const QRegularExpression part(
            QStringLiteral("\\G(?:\\.?([A-Za-z_][\\w-]*(?:\\?)?)|\\[\\s*(?:\"([^\"]*)\"|'([^']*)'|("
                           "-?\\d+)|([^\\]]+?))\\s*\\])"));
        QVariant current;
        bool first = true;
        qsizetype pos = 0;
        while (pos < path.size()) {
            const auto m = part.match(path, pos);
            if (!m.hasMatch() || m.capturedLength() == 0)
                return {};
            pos = m.capturedEnd();
            QString key;
            if (m.hasCaptured(4) && !m.captured(4).isEmpty()) {
                const int index = m.captured(4).toInt();
                const QVariantList list = current.toList();
                const int at = index < 0 ? static_cast<int>(list.size()) + index : index;
                current = at >= 0 && at < list.size() ? list.at(at) : QVariant();
                first = false;
                continue;
            }
            if (!m.captured(1).isEmpty())
                key = m.captured(1);
            else if (m.hasCaptured(2) && !m.captured(2).isNull())
                key = m.captured(2);
            else if (m.hasCaptured(3) && !m.captured(3).isNull())
                key = m.captured(3);
            else
                key = toText(lookup(m.captured(5).trimmed()));
            if (first) {
                first = false;
                if (m_locals.contains(key))
                    current = m_locals.value(key);
                else if (key == QLatin1String("site"))
                    current = m_context.site;
                else if (key == QLatin1String("page"))
                    current = m_context.page;
                else
                    return {};
                continue;
            }
            current = property(current, key);
        }
        return current;
    }

    static QVariant property(const QVariant &value, const QString &key)
    {
        if (value.typeId() == QMetaType::QVariantMap) {
            const QVariantMap map = value.toMap();
            if (map.contains(key))
                return map.value(key);
        }
        if (key == QLatin1String("size")) {
            if (isList(value))
                return value.toList().size();
            if (value.typeId() == QMetaType::QVariantMap)
                return value.toMap().size();
            return toText(value).size();
        }
        if (isList(value) && (key == QLatin1String("first") || key == QLatin1String("last"))) {
            const QVariantList list = value.toList();
            if (list.isEmpty())
                return {};
            return key == QLatin1String("first") ? list.first() : list.last();
        }
        return {};
    }

    QString siteText(const QString &key) const { return toText(m_context.site.value(key)); }

    QString relativeUrl(const QString &input) const
    {
        if (isAbsoluteUrl(input))
            return input;
        QString baseurl = siteText(QStringLiteral("baseurl"));
        while (baseurl.endsWith(QLatin1Char('/')))
            baseurl.chop(1);
        return ensureLeadingSlash(baseurl) + ensureLeadingSlash(input);
    }

    QVariant applyFilter(const QString &name, const QVariant &input, const QVariantList &args)
    {
        const QString text = toText(input);
        auto arg = [&](int i) {
            return i < args.size() ? args.at(i) : QVariant();
        };
        auto argText = [&](int i) {
            return toText(arg(i));
        };
        if (name == QLatin1String("relative_url"))
            return input.isValid() ? QVariant(relativeUrl(text)) : QVariant();
        if (name == QLatin1String("absolute_url")) {
            if (!input.isValid())
                return {};
            if (isAbsoluteUrl(text))
                return text;
            QString url = siteText(QStringLiteral("url"));
            return url + relativeUrl(text);
        }
        if (name == QLatin1String("date")) {
            const QDateTime time = toDateTime(input, m_context.timeZone);
            if (!time.isValid() || argText(0).isEmpty())
                return input;
            return Liquid::strftime(time, argText(0));
        }
        if (name == QLatin1String("date_to_string") ||
            name == QLatin1String("date_to_long_string")) {
            const QDateTime time = toDateTime(input, m_context.timeZone);
            if (!time.isValid())
                return input;
            const QString month = name == QLatin1String("date_to_string") ? QStringLiteral("%b")
                                                                          : QStringLiteral("%B");
            if (argText(0) == QLatin1String("ordinal")) {
                const int day = time.date().day();
                const QString suffix = (day % 100 >= 11 && day % 100 <= 13) ? QStringLiteral("th")
                                       : day % 10 == 1                      ? QStringLiteral("st")
                                       : day % 10 == 2                      ? QStringLiteral("nd")
                                       : day % 10 == 3                      ? QStringLiteral("rd")
                                                                            : QStringLiteral("th");
                const QString ordinal = QString::number(day) + suffix;
                if (argText(1) == QLatin1String("US"))
                    return Liquid::strftime(time, month + QLatin1Char(' ') + ordinal +
                                                      QStringLiteral(", %Y"));
                return Liquid::strftime(time,
                                        ordinal + QLatin1Char(' ') + month + QStringLiteral(" %Y"));
            }
            return Liquid::strftime(time, QStringLiteral("%d ") + month + QStringLiteral(" %Y"));
        }
        if (name == QLatin1String("date_to_xmlschema")) {
            const QDateTime time = toDateTime(input, m_context.timeZone);
            return time.isValid()
                       ? QVariant(Liquid::strftime(time, QStringLiteral("%Y-%m-%dT%H:%M:%S%:z")))
                       : input;
        }
        if (name == QLatin1String("date_to_rfc822")) {
            const QDateTime time = toDateTime(input, m_context.timeZone);
            return time.isValid() ? QVariant(Liquid::strftime(
                                        time, QStringLiteral("%a, %d %b %Y %H:%M:%S %z")))
                                  : input;
        }
        if (name == QLatin1String("escape") || name == QLatin1String("xml_escape") ||
            name == QLatin1String("h"))
            return htmlEscape(text);
        if (name == QLatin1String("escape_once")) {
            static const QRegularExpression entity(
                QStringLiteral("&(?![A-Za-z]+;|#\\d+;|#x[0-9A-Fa-f]+;)"));
            QString out = text;
            out.replace(entity, QStringLiteral("&amp;"));
            return out.replace(QLatin1Char('<'), QLatin1String("&lt;"))
                .replace(QLatin1Char('>'), QLatin1String("&gt;"))
                .replace(QLatin1Char('"'), QLatin1String("&quot;"))
                .replace(QLatin1Char('\''), QLatin1String("&#39;"));
        }
        if (name == QLatin1String("cgi_escape") || name == QLatin1String("url_encode"))
            return QString::fromLatin1(QUrl::toPercentEncoding(text, "*-._"))
                .replace(QLatin1String("%20"), QLatin1String("+"));
        if (name == QLatin1String("uri_escape"))
            return QString::fromLatin1(QUrl::toPercentEncoding(text, "!#$&'()*+,-./:;=?@[]_~"));
        if (name == QLatin1String("upcase"))
            return text.toUpper();
        if (name == QLatin1String("downcase"))
            return text.toLower();
        if (name == QLatin1String("capitalize"))
            return text.isEmpty() ? text : text.left(1).toUpper() + text.mid(1).toLower();
        if (name == QLatin1String("strip"))
            return text.trimmed();
        if (name == QLatin1String("lstrip")) {
            qsizetype i = 0;
            while (i < text.size() && text.at(i).isSpace())
                ++i;
            return text.mid(i);
        }
        if (name == QLatin1String("rstrip")) {
            qsizetype i = text.size();
            while (i > 0 && text.at(i - 1).isSpace())
                --i;
            return text.left(i);
        }
        if (name == QLatin1String("strip_html")) {
            static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
            return QString(text).remove(tags);
        }
        if (name == QLatin1String("strip_newlines"))
            return QString(text).remove(QLatin1Char('\r')).remove(QLatin1Char('\n'));
        if (name == QLatin1String("newline_to_br"))
            return QString(text).replace(QLatin1String("\n"), QLatin1String("<br />\n"));
        if (name == QLatin1String("append"))
            return text + argText(0);
        if (name == QLatin1String("prepend"))
            return argText(0) + text;
        if (name == QLatin1String("remove"))
            return QString(text).remove(argText(0));
        if (name == QLatin1String("remove_first")) {
            QString out = text;
            const qsizetype at = out.indexOf(argText(0));
            return at < 0 ? out : out.remove(at, argText(0).size());
        }
        if (name == QLatin1String("replace"))
            return QString(text).replace(argText(0), argText(1));
        if (name == QLatin1String("replace_first")) {
            QString out = text;
            const qsizetype at = out.indexOf(argText(0));
            return at < 0 ? out : out.replace(at, argText(0).size(), argText(1));
        }
        if (name == QLatin1String("default"))
            return isEmptyValue(input) ? arg(0) : input;
        if (name == QLatin1String("size"))
            return isList(input) ? input.toList().size() : text.size();
        if (name == QLatin1String("first") || name == QLatin1String("last"))
            return property(input, name);
        if (name == QLatin1String("join")) {
            QStringList items;
            for (const QVariant &item : input.toList())
                items.append(toText(item));
            return items.join(args.isEmpty() ? QStringLiteral(" ") : argText(0));
        }
        if (name == QLatin1String("split")) {
            QVariantList items;
            for (const QString &item : text.split(argText(0)))
                items.append(item);
            return items;
        }
        if (name == QLatin1String("slugify"))
            return slugify(text);
        if (name == QLatin1String("number_of_words"))
            return text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)
                .size();
        if (name == QLatin1String("truncate")) {
            const int length = args.isEmpty() ? 50 : arg(0).toInt();
            const QString ellipsis = args.size() > 1 ? argText(1) : QStringLiteral("...");
            if (text.size() <= length)
                return text;
            return text.left(std::max<qsizetype>(0, length - ellipsis.size())) + ellipsis;
        }
        if (name == QLatin1String("truncatewords")) {
            const int count = args.isEmpty() ? 15 : arg(0).toInt();
            const QString ellipsis = args.size() > 1 ? argText(1) : QStringLiteral("...");
            const QStringList words =
                text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
            if (words.size() <= count)
                return text;
            return words.mid(0, std::max(count, 1)).join(QLatin1Char(' ')) + ellipsis;
        }
        if (name == QLatin1String("jsonify"))
            return QString::fromUtf8(QJsonDocument::fromVariant(QVariantList{input})
                                         .toJson(QJsonDocument::Compact))
                .mid(1)
                .chopped(1);
        if (name == QLatin1String("plus") || name == QLatin1String("minus") ||
            name == QLatin1String("times")) {
            const double a = input.toDouble();
            const double b = arg(0).toDouble();
            const double r = name == QLatin1String("plus")    ? a + b
                             : name == QLatin1String("minus") ? a - b
                                                              : a * b;
            const bool integral =
                input.typeId() != QMetaType::Double && arg(0).typeId() != QMetaType::Double;
            return integral ? QVariant(static_cast<qlonglong>(r)) : QVariant(r);
        }
        // Liquid, as Jekyll configures it, passes a value through a filter it does not know.
        return input;
    }

    const QByteArray &m_source;
    const LiquidContext &m_context;
    int m_firstLine;
    QByteArray m_out;
    QList<LiquidIssue> m_issues;
    QVariantMap m_locals;
};

} // namespace

QString Liquid::strftime(const QDateTime &time, const QString &format)
{
    const QLocale c = QLocale::c();
    const QDate date = time.date();
    const QTime clock = time.time();
    auto pad = [](qint64 value, int width, QChar fill) {
        return QStringLiteral("%1").arg(value, width, 10, fill);
    };
    auto offset = [&](bool colon) {
        const int seconds = time.offsetFromUtc();
        const int minutes = std::abs(seconds) / 60;
        return QString(seconds < 0 ? QLatin1Char('-') : QLatin1Char('+')) +
               pad(minutes / 60, 2, QLatin1Char('0')) + (colon ? QStringLiteral(":") : QString()) +
               pad(minutes % 60, 2, QLatin1Char('0'));
    };
    QString out;
    for (qsizetype i = 0; i < format.size(); ++i) {
        const QChar c0 = format.at(i);
        if (c0 != QLatin1Char('%') || i + 1 >= format.size()) {
            out += c0;
            continue;
        }
        qsizetype j = i + 1;
        bool noPad = false;
        bool upper = false;
        bool colon = false;
        for (; j < format.size(); ++j) {
            const QChar f = format.at(j);
            if (f == QLatin1Char('-'))
                noPad = true;
            else if (f == QLatin1Char('^'))
                upper = true;
            else if (f == QLatin1Char(':'))
                colon = true;
            else
                break;
        }
        if (j >= format.size()) {
            out += format.mid(i);
            break;
        }
        const char spec = format.at(j).toLatin1();
        auto number = [&](qint64 value, int width, QChar fill = QLatin1Char('0')) {
            return noPad ? QString::number(value) : pad(value, width, fill);
        };
        const int hour12 = clock.hour() % 12 == 0 ? 12 : clock.hour() % 12;
        QString piece;
        switch (spec) {
        case 'Y':
            piece = QString::number(date.year());
            break;
        case 'C':
            piece = number(date.year() / 100, 2);
            break;
        case 'y':
            piece = number(date.year() % 100, 2);
            break;
        case 'm':
            piece = number(date.month(), 2);
            break;
        case 'd':
            piece = number(date.day(), 2);
            break;
        case 'e':
            piece = number(date.day(), 2, QLatin1Char(' '));
            break;
        case 'j':
            piece = number(date.dayOfYear(), 3);
            break;
        case 'H':
            piece = number(clock.hour(), 2);
            break;
        case 'k':
            piece = number(clock.hour(), 2, QLatin1Char(' '));
            break;
        case 'I':
            piece = number(hour12, 2);
            break;
        case 'l':
            piece = number(hour12, 2, QLatin1Char(' '));
            break;
        case 'M':
            piece = number(clock.minute(), 2);
            break;
        case 'S':
            piece = number(clock.second(), 2);
            break;
        case 'L':
            piece = number(clock.msec(), 3);
            break;
        case 'N':
            piece = number(clock.msec() * 1000000LL, 9);
            break;
        case 'p':
            piece = clock.hour() < 12 ? QStringLiteral("AM") : QStringLiteral("PM");
            break;
        case 'P':
            piece = clock.hour() < 12 ? QStringLiteral("am") : QStringLiteral("pm");
            break;
        case 'a':
            piece = c.dayName(date.dayOfWeek(), QLocale::ShortFormat);
            break;
        case 'A':
            piece = c.dayName(date.dayOfWeek(), QLocale::LongFormat);
            break;
        case 'b':
        case 'h':
            piece = c.monthName(date.month(), QLocale::ShortFormat);
            break;
        case 'B':
            piece = c.monthName(date.month(), QLocale::LongFormat);
            break;
        case 'u':
            piece = QString::number(date.dayOfWeek());
            break;
        case 'w':
            piece = QString::number(date.dayOfWeek() % 7);
            break;
        case 'z':
            piece = offset(colon);
            break;
        case 'Z':
            piece = time.timeZoneAbbreviation();
            break;
        case 's':
            piece = QString::number(time.toSecsSinceEpoch());
            break;
        case 'F':
            piece = strftime(time, QStringLiteral("%Y-%m-%d"));
            break;
        case 'T':
            piece = strftime(time, QStringLiteral("%H:%M:%S"));
            break;
        case 'R':
            piece = strftime(time, QStringLiteral("%H:%M"));
            break;
        case 'D':
        case 'x':
            piece = strftime(time, QStringLiteral("%m/%d/%y"));
            break;
        case 'X':
            piece = strftime(time, QStringLiteral("%H:%M:%S"));
            break;
        case 'c':
            piece = strftime(time, QStringLiteral("%a %b %e %H:%M:%S %Y"));
            break;
        case '%':
            piece = QStringLiteral("%");
            break;
        default:
            piece = format.mid(i, j - i + 1);
            break;
        }
        out += upper ? piece.toUpper() : piece;
        i = j;
    }
    return out;
}

LiquidResult Liquid::render(const QByteArray &source, const LiquidContext &context, int firstLine)
{
    if (!hasMarkup(source))
        return {source, {}};
    return Renderer(source, context, firstLine).run();
}

QList<LiquidIssue> Liquid::unresolvedPostUrls(const QByteArray &source,
                                              const LiquidContext &context, int firstLine)
{
    QList<LiquidIssue> unresolved;
    for (const LiquidIssue &issue : render(source, context, firstLine).issues) {
        if (issue.kind == LiquidIssue::Kind::UnresolvedPostUrl)
            unresolved.append(issue);
    }
    return unresolved;
}

bool Liquid::hasMarkup(const QByteArray &source)
{
    return source.contains("{{") || source.contains("{%");
}

} // namespace Meetdown
