#ifndef MEETDOWN_TESTS_FIDELITY_HTMLCANON_H
#define MEETDOWN_TESTS_FIDELITY_HTMLCANON_H

// What a reader sees of an HTML fragment, as a list of tokens that can be compared: the elements
// that change how text reads (headings, paragraphs, lists, emphasis, code, links, images, tables),
// the text with its typography, link targets and image sources. White space, class names, wrapper
// <div>s and <span>s (rouge's highlighting) and the spelling of tags and entities are not.
//
// The tokenizer is tolerant, as browsers are: anything that is not a well-formed tag is text.

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace Meetdown::Fidelity {

namespace Detail {

inline const QHash<QString, QString> &entities()
{
    // The named entities real posts use, and those either renderer may produce.
    static const QHash<QString, QString> table = {
        {QStringLiteral("amp"), QStringLiteral("&")},
        {QStringLiteral("lt"), QStringLiteral("<")},
        {QStringLiteral("gt"), QStringLiteral(">")},
        {QStringLiteral("quot"), QStringLiteral("\"")},
        {QStringLiteral("apos"), QStringLiteral("'")},
        {QStringLiteral("nbsp"), QString(QChar(0x00A0))},
        {QStringLiteral("hellip"), QString(QChar(0x2026))},
        {QStringLiteral("mdash"), QString(QChar(0x2014))},
        {QStringLiteral("ndash"), QString(QChar(0x2013))},
        {QStringLiteral("lsquo"), QString(QChar(0x2018))},
        {QStringLiteral("rsquo"), QString(QChar(0x2019))},
        {QStringLiteral("ldquo"), QString(QChar(0x201C))},
        {QStringLiteral("rdquo"), QString(QChar(0x201D))},
        {QStringLiteral("laquo"), QString(QChar(0x00AB))},
        {QStringLiteral("raquo"), QString(QChar(0x00BB))},
        {QStringLiteral("copy"), QString(QChar(0x00A9))},
        {QStringLiteral("reg"), QString(QChar(0x00AE))},
        {QStringLiteral("trade"), QString(QChar(0x2122))},
        {QStringLiteral("middot"), QString(QChar(0x00B7))},
        {QStringLiteral("bull"), QString(QChar(0x2022))},
        {QStringLiteral("rarr"), QString(QChar(0x2192))},
        {QStringLiteral("larr"), QString(QChar(0x2190))},
        {QStringLiteral("times"), QString(QChar(0x00D7))},
        {QStringLiteral("eacute"), QString(QChar(0x00E9))},
        {QStringLiteral("zwj"), QString(QChar(0x200D))},
        {QStringLiteral("zwnj"), QString(QChar(0x200C))},
    };
    return table;
}

// Entities decoded where a browser would; an unknown name stays as written, so it still shows.
inline QString decodeEntities(const QString &text)
{
    if (!text.contains(QLatin1Char('&')))
        return text;
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&')) {
            out.append(text.at(i));
            continue;
        }
        const qsizetype semi = text.indexOf(QLatin1Char(';'), i + 1);
        if (semi < 0 || semi - i > 40) {
            out.append(text.at(i));
            continue;
        }
        const QString name = text.mid(i + 1, semi - i - 1);
        QString decoded;
        if (name.startsWith(QLatin1Char('#'))) {
            bool ok = false;
            const uint code = name.size() > 1 && (name.at(1) == QLatin1Char('x') ||
                                                  name.at(1) == QLatin1Char('X'))
                                  ? name.mid(2).toUInt(&ok, 16)
                                  : name.mid(1).toUInt(&ok, 10);
            if (ok && code > 0 && code <= 0x10FFFF) {
                const char32_t c = code;
                decoded = QString::fromUcs4(&c, 1);
            }
        } else {
            decoded = entities().value(name);
        }
        if (decoded.isEmpty()) {
            out.append(text.at(i));
            continue;
        }
        out.append(decoded);
        i = semi;
    }
    return out;
}

// md4c percent-encodes what kramdown writes as is (spaces, non-ASCII); a browser requests the
// same URL either way, so both are compared decoded.
inline QString decodeUrl(const QString &url)
{
    return QString::fromUtf8(QByteArray::fromPercentEncoding(decodeEntities(url).toUtf8()));
}

inline bool isSpace(QChar c)
{
    return c == QLatin1Char(' ') || c == QLatin1Char('\n') || c == QLatin1Char('\t') ||
           c == QLatin1Char('\r') || c == QLatin1Char('\f');
}

inline QString collapseSpace(const QString &text)
{
    QString out;
    out.reserve(text.size());
    bool space = false;
    for (const QChar c : text) {
        if (isSpace(c)) {
            space = true;
            continue;
        }
        if (space)
            out.append(QLatin1Char(' '));
        space = false;
        out.append(c);
    }
    if (space)
        out.append(QLatin1Char(' '));
    return out;
}

struct RawToken
{
    enum Kind
    {
        Open,
        Close,
        Text
    };
    Kind kind = Text;
    QString name; // tag name, lower case
    QHash<QString, QString> attributes;
    QString text;
    bool inPre = false;
};

// Elements a reader sees as such; everything else keeps its text and loses its tag.
inline const QSet<QString> &keptElements()
{
    static const QSet<QString> set = {
        QStringLiteral("h1"),     QStringLiteral("h2"),         QStringLiteral("h3"),
        QStringLiteral("h4"),     QStringLiteral("h5"),         QStringLiteral("h6"),
        QStringLiteral("p"),      QStringLiteral("ul"),         QStringLiteral("ol"),
        QStringLiteral("li"),     QStringLiteral("blockquote"), QStringLiteral("pre"),
        QStringLiteral("code"),   QStringLiteral("em"),         QStringLiteral("strong"),
        QStringLiteral("del"),    QStringLiteral("a"),          QStringLiteral("img"),
        QStringLiteral("table"),  QStringLiteral("tr"),         QStringLiteral("th"),
        QStringLiteral("td"),     QStringLiteral("hr"),         QStringLiteral("br"),
        QStringLiteral("dl"),     QStringLiteral("dt"),         QStringLiteral("dd"),
        QStringLiteral("sup"),    QStringLiteral("sub"),        QStringLiteral("iframe"),
        QStringLiteral("input"),  QStringLiteral("kbd"),        QStringLiteral("video"),
        QStringLiteral("figure"),
    };
    return set;
}

// Where text starts and ends a line in the browser, so the white space around them is not seen.
inline const QSet<QString> &blockElements()
{
    static const QSet<QString> set = {
        QStringLiteral("h1"),         QStringLiteral("h2"),         QStringLiteral("h3"),
        QStringLiteral("h4"),         QStringLiteral("h5"),         QStringLiteral("h6"),
        QStringLiteral("p"),          QStringLiteral("ul"),         QStringLiteral("ol"),
        QStringLiteral("li"),         QStringLiteral("blockquote"), QStringLiteral("pre"),
        QStringLiteral("table"),      QStringLiteral("thead"),      QStringLiteral("tbody"),
        QStringLiteral("tfoot"),      QStringLiteral("tr"),         QStringLiteral("th"),
        QStringLiteral("td"),         QStringLiteral("hr"),         QStringLiteral("br"),
        QStringLiteral("dl"),         QStringLiteral("dt"),         QStringLiteral("dd"),
        QStringLiteral("div"),        QStringLiteral("section"),    QStringLiteral("article"),
        QStringLiteral("header"),     QStringLiteral("footer"),     QStringLiteral("nav"),
        QStringLiteral("aside"),      QStringLiteral("center"),     QStringLiteral("figure"),
        QStringLiteral("figcaption"), QStringLiteral("iframe"),     QStringLiteral("form"),
        QStringLiteral("video"),      QStringLiteral("script"),     QStringLiteral("style"),
        QStringLiteral("main"),       QStringLiteral("address"),    QStringLiteral("noscript"),
    };
    return set;
}

inline bool isVoid(const QString &name)
{
    static const QSet<QString> set = {
        QStringLiteral("br"),    QStringLiteral("hr"),     QStringLiteral("img"),
        QStringLiteral("input"), QStringLiteral("meta"),   QStringLiteral("link"),
        QStringLiteral("wbr"),   QStringLiteral("source"), QStringLiteral("col"),
        QStringLiteral("embed"), QStringLiteral("param"),  QStringLiteral("area"),
    };
    return set.contains(name);
}

inline QString canonicalName(const QString &name)
{
    if (name == QLatin1String("b"))
        return QStringLiteral("strong");
    if (name == QLatin1String("i"))
        return QStringLiteral("em");
    if (name == QLatin1String("s") || name == QLatin1String("strike"))
        return QStringLiteral("del");
    return name;
}

inline bool isNameChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char(':') ||
           c == QLatin1Char('_');
}

// Reads a tag at html[i] == '<'; returns false (and leaves i) when it is not one.
inline bool readTag(const QString &html, qsizetype &i, RawToken &token)
{
    qsizetype p = i + 1;
    bool close = false;
    if (p < html.size() && html.at(p) == QLatin1Char('/')) {
        close = true;
        ++p;
    }
    if (p >= html.size() || !html.at(p).isLetter())
        return false;
    const qsizetype nameStart = p;
    while (p < html.size() && isNameChar(html.at(p)))
        ++p;
    token.kind = close ? RawToken::Close : RawToken::Open;
    token.name = html.mid(nameStart, p - nameStart).toLower();
    while (p < html.size()) {
        while (p < html.size() && (isSpace(html.at(p)) || html.at(p) == QLatin1Char('/')))
            ++p;
        if (p >= html.size())
            return false;
        if (html.at(p) == QLatin1Char('>')) {
            i = p + 1;
            return true;
        }
        const qsizetype attrStart = p;
        while (p < html.size() && !isSpace(html.at(p)) && html.at(p) != QLatin1Char('=') &&
               html.at(p) != QLatin1Char('>') && html.at(p) != QLatin1Char('/'))
            ++p;
        const QString attr = html.mid(attrStart, p - attrStart).toLower();
        while (p < html.size() && isSpace(html.at(p)))
            ++p;
        QString value;
        if (p < html.size() && html.at(p) == QLatin1Char('=')) {
            ++p;
            while (p < html.size() && isSpace(html.at(p)))
                ++p;
            if (p < html.size() &&
                (html.at(p) == QLatin1Char('"') || html.at(p) == QLatin1Char('\''))) {
                const QChar quote = html.at(p);
                const qsizetype end = html.indexOf(quote, p + 1);
                if (end < 0)
                    return false;
                value = html.mid(p + 1, end - p - 1);
                p = end + 1;
            } else {
                const qsizetype valueStart = p;
                while (p < html.size() && !isSpace(html.at(p)) && html.at(p) != QLatin1Char('>'))
                    ++p;
                value = html.mid(valueStart, p - valueStart);
            }
        }
        // The first of two equal attributes wins, as in browsers.
        if (!attr.isEmpty() && !token.attributes.contains(attr))
            token.attributes.insert(attr, decodeEntities(value));
    }
    return false;
}

inline QList<RawToken> tokenize(const QString &html)
{
    QList<RawToken> tokens;
    QString text;
    int preDepth = 0;
    auto flushText = [&] {
        if (!text.isEmpty()) {
            RawToken t;
            t.text = decodeEntities(text);
            t.inPre = preDepth > 0;
            tokens.append(t);
            text.clear();
        }
    };
    qsizetype i = 0;
    while (i < html.size()) {
        const QChar c = html.at(i);
        if (c != QLatin1Char('<')) {
            text.append(c);
            ++i;
            continue;
        }
        if (html.mid(i, 4) == QLatin1String("<!--")) {
            const qsizetype end = html.indexOf(QLatin1String("-->"), i + 4);
            i = end < 0 ? html.size() : end + 3;
            continue;
        }
        if (html.mid(i, 2) == QLatin1String("<!") || html.mid(i, 2) == QLatin1String("<?")) {
            const qsizetype end = html.indexOf(QLatin1Char('>'), i);
            i = end < 0 ? html.size() : end + 1;
            continue;
        }
        RawToken tag;
        qsizetype after = i;
        if (!readTag(html, after, tag)) {
            text.append(c);
            ++i;
            continue;
        }
        flushText();
        i = after;
        // Scripts and styles are not read: their text is never seen.
        if (tag.kind == RawToken::Open &&
            (tag.name == QLatin1String("script") || tag.name == QLatin1String("style"))) {
            const qsizetype end =
                html.indexOf(QStringLiteral("</") + tag.name, i, Qt::CaseInsensitive);
            const qsizetype close = end < 0 ? -1 : html.indexOf(QLatin1Char('>'), end);
            i = close < 0 ? html.size() : close + 1;
            tag.name = QStringLiteral("div"); // a block boundary and nothing else
            tokens.append(tag);
            continue;
        }
        if (tag.name == QLatin1String("pre"))
            preDepth = std::max(0, preDepth + (tag.kind == RawToken::Open ? 1 : -1));
        tokens.append(tag);
    }
    flushText();
    return tokens;
}

inline QString quoted(const QString &text)
{
    return QLatin1Char('"') + text + QLatin1Char('"');
}

inline QString openTag(const RawToken &t, const QString &name)
{
    QString out = QLatin1Char('<') + name;
    auto attribute = [&](const QString &key, const QString &value) {
        out += QLatin1Char(' ') + key + QLatin1String("=") + quoted(value);
    };
    if (name == QLatin1String("a") && t.attributes.contains(QStringLiteral("href")))
        attribute(QStringLiteral("href"), decodeUrl(t.attributes.value(QStringLiteral("href"))));
    if (name == QLatin1String("img") || name == QLatin1String("iframe") ||
        name == QLatin1String("video")) {
        attribute(QStringLiteral("src"), decodeUrl(t.attributes.value(QStringLiteral("src"))));
    }
    if (name == QLatin1String("img"))
        attribute(QStringLiteral("alt"),
                  collapseSpace(t.attributes.value(QStringLiteral("alt"))).trimmed());
    if (name == QLatin1String("ol") &&
        t.attributes.value(QStringLiteral("start"), QStringLiteral("1")) != QLatin1String("1"))
        attribute(QStringLiteral("start"), t.attributes.value(QStringLiteral("start")));
    if (name == QLatin1String("input")) {
        attribute(QStringLiteral("type"), t.attributes.value(QStringLiteral("type")));
        if (t.attributes.contains(QStringLiteral("checked")))
            out += QLatin1String(" checked");
    }
    return out + QLatin1Char('>');
}

} // namespace Detail

// The canonical tokens: `<p>`, `</p>`, `<a href="…">`, `"text"`.
inline QStringList canonicalTokens(const QString &html)
{
    using namespace Detail;
    const QList<RawToken> raw = tokenize(html);

    // Tags a reader does not see go, but a block boundary stays a boundary for the spacing.
    struct Item
    {
        enum Kind
        {
            Tag,
            Boundary,
            Text
        };
        Kind kind;
        QString value;
        bool inPre = false;
    };
    QList<Item> items;
    for (const RawToken &t : raw) {
        if (t.kind == RawToken::Text) {
            if (!items.isEmpty() && items.last().kind == Item::Text &&
                items.last().inPre == t.inPre)
                items.last().value += t.text;
            else
                items.append({Item::Text, t.text, t.inPre});
            continue;
        }
        const QString name = canonicalName(t.name);
        const bool block = blockElements().contains(name);
        if (!keptElements().contains(name)) {
            if (block)
                items.append({Item::Boundary, QString()});
            continue;
        }
        if (t.kind == RawToken::Close && isVoid(name))
            continue;
        if (block)
            items.append({Item::Boundary, QString()});
        items.append({Item::Tag, t.kind == RawToken::Open ? openTag(t, name)
                                                          : QStringLiteral("</%1>").arg(name)});
        if (block)
            items.append({Item::Boundary, QString()});
    }

    QStringList out;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const Item &item = items.at(i);
        if (item.kind == Item::Tag) {
            out.append(item.value);
            continue;
        }
        if (item.kind != Item::Text)
            continue;
        QString text = item.value;
        if (item.inPre) {
            // A browser drops the newline right after <pre>; the one before </pre> is invisible.
            if (text.startsWith(QLatin1Char('\n')))
                text.remove(0, 1);
            while (!text.isEmpty() && isSpace(text.back()))
                text.chop(1);
        } else {
            text = collapseSpace(text);
            // Text next to a block boundary (or a tag already next to one) loses its spaces there.
            auto boundaryAt = [&](qsizetype j, int step) {
                for (; j >= 0 && j < items.size(); j += step) {
                    if (items.at(j).kind == Item::Boundary)
                        return true;
                    if (items.at(j).kind == Item::Text)
                        return false;
                }
                return true;
            };
            if (boundaryAt(i - 1, -1) && text.startsWith(QLatin1Char(' ')))
                text.remove(0, 1);
            if (boundaryAt(i + 1, 1) && text.endsWith(QLatin1Char(' ')))
                text.chop(1);
        }
        if (!text.isEmpty())
            out.append(quoted(text));
    }

    // ***x*** is <strong><em> to kramdown and <em><strong> to md4c: bold italic either way.
    auto matchingClose = [&out](qsizetype open) {
        const QString name = out.at(open).mid(1, out.at(open).size() - 2);
        int depth = 0;
        for (qsizetype k = open; k < out.size(); ++k) {
            if (out.at(k) == QLatin1Char('<') + name + QLatin1Char('>'))
                ++depth;
            else if (out.at(k) == QStringLiteral("</") + name + QLatin1Char('>') && --depth == 0)
                return k;
        }
        return qsizetype(-1);
    };
    for (qsizetype i = 0; i + 1 < out.size(); ++i) {
        if (out.at(i) != QLatin1String("<em>") || out.at(i + 1) != QLatin1String("<strong>"))
            continue;
        const qsizetype innerClose = matchingClose(i + 1);
        if (innerClose < 0 || matchingClose(i) != innerClose + 1)
            continue;
        out[i] = QStringLiteral("<strong>");
        out[i + 1] = QStringLiteral("<em>");
        out[innerClose] = QStringLiteral("</em>");
        out[innerClose + 1] = QStringLiteral("</strong>");
    }
    return out;
}

} // namespace Meetdown::Fidelity

#endif
