#include "kramdownflavor.h"

#include "markdownrenderer.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cstring>
#include <vector>

namespace Meetdown {

namespace {

constexpr std::string_view kLdquo = "\xE2\x80\x9C";
constexpr std::string_view kRdquo = "\xE2\x80\x9D";
constexpr std::string_view kLsquo = "\xE2\x80\x98";
constexpr std::string_view kRsquo = "\xE2\x80\x99";
constexpr std::string_view kMdash = "\xE2\x80\x94";
constexpr std::string_view kNdash = "\xE2\x80\x93";
constexpr std::string_view kHellip = "\xE2\x80\xA6";
constexpr std::string_view kLaquo = "\xC2\xAB";
constexpr std::string_view kRaquo = "\xC2\xBB";
constexpr std::string_view kNbsp = "\xC2\xA0";

// kramdown's patterns are Ruby regular expressions, where \s and \w are ASCII only.
bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool isWord(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isAsciiPunct(char c)
{
    return c != 0 && std::strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) != nullptr;
}

// A character before a quote that makes it a closing one; kramdown opens after these.
bool closesQuote(char c)
{
    return c != 0 && std::strchr(" \\\t\r\n[{(-", c) == nullptr;
}

// Characters that start another kramdown span parser (emphasis, code, link): kramdown reads
// them first, so a quote right after one has no character before it in its rules.
bool startsOtherSpan(char c)
{
    return c == '*' || c == '_' || c == '`' || c == '[' || c == '"' || c == '\'';
}

struct QuoteResult
{
    std::string_view first;
    std::string_view second = {}; // a second quote character it took along, or empty
    bool takesNext = false;
    bool firstIsPlain = false; // the quote stays a plain character
};

// kramdown's smart quote rules, tried in its order; next(k) is the k-th byte after the quote
// (0 past the end), wordAt(k) whether a word character starts there for \b: Ruby's \w is ASCII
// but its \b takes any letter (é) as part of a word.
template <typename Next, typename WordAt>
QuoteResult classifyQuote(char quote, char before, Next next, WordAt wordAt)
{
    const bool isDouble = quote == '"';
    const std::string_view open = isDouble ? kLdquo : kLsquo;
    const std::string_view close = isDouble ? kRdquo : kRsquo;
    const char n1 = next(1);
    const char n2 = next(2);
    const char n3 = next(3);
    if (before == 0) {
        // "*emphasis*": opening before emphasis markers.
        if ((n1 == '*' || n1 == '_') && n2 != 0 && !isSpace(n2))
            return {open};
        // Closing before punctuation that is not followed by a word ("x". or "x",).
        if (isAsciiPunct(n1) && !(n2 == '.' && n3 == '.') && !wordAt(2))
            return {close};
    }
    const bool spaceBefore = before == 0 || isSpace(before);
    // A quote inside a quote: "'word or '"word open both.
    if (spaceBefore && isDouble && n1 == '\'' && isWord(n2))
        return {kLdquo, kLsquo, true};
    if (spaceBefore && !isDouble && n1 == '"' && isWord(n2))
        return {kLsquo, kLdquo, true};
    // Decades: '80s.
    if (spaceBefore && !isDouble && isDigit(n1) && isDigit(n2) && n3 == 's')
        return {kRsquo};
    if (before != 0) {
        if (isSpace(before) && isWord(n1))
            return {open};
        if (closesQuote(before))
            return {close};
        return {open};
    }
    // Two quotes in a row with nothing before: the first stays plain, the second closes.
    if (n1 == '"' || n1 == '\'')
        return {std::string_view(), n1 == '"' ? kRdquo : kRsquo, true, true};
    if (n1 == 0 || isSpace(n1) || (n1 == 's' && !wordAt(2)))
        return {close};
    return {open};
}

QByteArray escapeAttribute(std::string_view value)
{
    QByteArray out;
    out.reserve(static_cast<qsizetype>(value.size()));
    for (const char c : value) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
            break;
        }
    }
    return out;
}

bool isNameChar(char c)
{
    return isWord(c) || c == '-' || c == ':' || c == '.';
}

// Collects an attribute list into class, id and ordered key="value" pairs; names of
// definitions are expanded (a depth bound stops definitions that name each other).
struct AttributeSet
{
    QByteArray id;
    QList<QByteArray> classes;
    QList<QPair<QByteArray, QByteArray>> pairs;

    void read(std::string_view list, const QHash<QByteArray, QByteArray> &definitions, int depth)
    {
        size_t i = 0;
        while (i < list.size()) {
            while (i < list.size() && isSpace(list[i]))
                ++i;
            if (i >= list.size())
                break;
            const char c = list[i];
            if (c == '.' || c == '#') {
                size_t end = i + 1;
                while (end < list.size() && !isSpace(list[end]))
                    ++end;
                const QByteArray name(list.data() + i + 1, static_cast<qsizetype>(end - i - 1));
                if (!name.isEmpty()) {
                    if (c == '.')
                        classes.append(name);
                    else
                        id = name;
                }
                i = end;
                continue;
            }
            size_t end = i;
            while (end < list.size() && isNameChar(list[end]))
                ++end;
            if (end == i) {
                ++i; // not an attribute: skipped, as kramdown warns and goes on
                continue;
            }
            const QByteArray key(list.data() + i, static_cast<qsizetype>(end - i));
            if (end < list.size() && list[end] == '=' && end + 1 < list.size() &&
                (list[end + 1] == '"' || list[end + 1] == '\'')) {
                const char quote = list[end + 1];
                QByteArray value;
                size_t j = end + 2;
                for (; j < list.size() && list[j] != quote; ++j) {
                    if (list[j] == '\\' && j + 1 < list.size() &&
                        (list[j + 1] == quote || list[j + 1] == '\\'))
                        ++j;
                    value += list[j];
                }
                if (key == "class")
                    classes.append(value);
                else if (key == "id")
                    id = value;
                else
                    pairs.append({key, value});
                i = j + 1;
                continue;
            }
            // A bare name refers to an attribute list definition.
            if (depth < 8 && definitions.contains(key)) {
                const QByteArray definition = definitions.value(key);
                read(std::string_view(definition.constData(), definition.size()), definitions,
                     depth + 1);
            }
            i = end;
        }
    }
};

// ---- preparing the source ------------------------------------------------------------------

struct Line
{
    QByteArray text; // without its line break
    QByteArray eol;  // "\n", "\r\n" or "" for the last line
};

QList<Line> splitLines(const QByteArray &text)
{
    QList<Line> lines;
    qsizetype from = 0;
    while (from < text.size()) {
        const qsizetype nl = text.indexOf('\n', from);
        if (nl < 0) {
            lines.append({text.mid(from), QByteArray()});
            break;
        }
        qsizetype end = nl;
        if (end > from && text.at(end - 1) == '\r')
            --end;
        lines.append({text.mid(from, end - from), text.mid(end, nl + 1 - end)});
        from = nl + 1;
    }
    return lines;
}

bool isBlank(const QByteArray &line)
{
    return std::all_of(line.begin(), line.end(), [](char c) { return isSpace(c); });
}

int indentOf(const QByteArray &line)
{
    int width = 0;
    for (const char c : line) {
        if (c == ' ')
            ++width;
        else if (c == '\t')
            width += 4 - width % 4;
        else
            break;
    }
    return width;
}

// Elements kramdown reads as span-level HTML: a line starting with one is a paragraph.
bool isSpanElement(const QByteArray &name)
{
    static const QSet<QByteArray> names = {
        "a",      "abbr", "acronym", "b",   "big", "bdo",   "br",  "button", "cite",  "code",
        "del",    "dfn",  "em",      "i",   "img", "input", "ins", "kbd",    "label", "mark",
        "option", "q",    "rb",      "rbc", "rp",  "rt",    "rtc", "ruby",   "samp",  "select",
        "small",  "span", "strong",  "sub", "sup", "tt",    "u",   "var",
    };
    return names.contains(name);
}

bool isVoidElement(const QByteArray &name)
{
    static const QSet<QByteArray> names = {
        "area",  "base",   "br",   "col",  "command", "embed",  "hr",    "img",
        "input", "keygen", "link", "meta", "param",   "source", "track", "wbr",
    };
    return names.contains(name);
}

struct Fence
{
    char marker = 0;
    int length = 0;
};

// An opening code fence (``` or ~~~, at most three spaces in), as md4c and kramdown read it.
Fence fenceOpening(const QByteArray &line)
{
    const int indent = indentOf(line);
    if (indent > 3)
        return {};
    qsizetype i = 0;
    while (i < line.size() && line.at(i) == ' ')
        ++i;
    if (i >= line.size() || (line.at(i) != '`' && line.at(i) != '~'))
        return {};
    const char marker = line.at(i);
    qsizetype end = i;
    while (end < line.size() && line.at(end) == marker)
        ++end;
    if (end - i < 3)
        return {};
    // A backtick fence's info string cannot hold a backtick.
    if (marker == '`' && line.indexOf('`', end) >= 0)
        return {};
    return {marker, static_cast<int>(end - i)};
}

bool closesFence(const QByteArray &line, const Fence &fence)
{
    if (indentOf(line) > 3)
        return false;
    const QByteArray trimmed = line.trimmed();
    return trimmed.size() >= fence.length &&
           std::all_of(trimmed.begin(), trimmed.end(), [&](char c) { return c == fence.marker; });
}

// The tag at the start of line (after up to three spaces): its lower-case name, whether it
// closes, and where it ends on the line (-1 when it goes on to another line).
struct LeadingTag
{
    QByteArray name;
    bool closing = false;
    bool selfClosing = false;
    qsizetype end = -1;
};

LeadingTag leadingTag(const QByteArray &line)
{
    LeadingTag tag;
    if (indentOf(line) > 3)
        return tag;
    qsizetype i = 0;
    while (i < line.size() && line.at(i) == ' ')
        ++i;
    if (i >= line.size() || line.at(i) != '<')
        return tag;
    ++i;
    if (i < line.size() && line.at(i) == '/') {
        tag.closing = true;
        ++i;
    }
    const qsizetype nameStart = i;
    if (i >= line.size() || !std::isalpha(static_cast<unsigned char>(line.at(i))))
        return tag;
    while (i < line.size() &&
           (std::isalnum(static_cast<unsigned char>(line.at(i))) || line.at(i) == '-'))
        ++i;
    // <http://…> and <me@example.org> are links, not tags.
    if (i < line.size() && !isSpace(line.at(i)) && line.at(i) != '>' &&
        !(line.at(i) == '/' && i + 1 < line.size() && line.at(i + 1) == '>'))
        return tag;
    tag.name = line.mid(nameStart, i - nameStart).toLower();
    // The end of the tag, skipping quoted attribute values.
    char quote = 0;
    for (; i < line.size(); ++i) {
        const char c = line.at(i);
        if (quote) {
            if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            tag.selfClosing = i > 0 && line.at(i - 1) == '/';
            tag.end = i + 1;
            break;
        }
    }
    return tag;
}

// Follows the opening and closing tags of one element name over a line, for kramdown's matching
// of a block's end tag (nested elements of the same name included); true once the block's own
// end tag is found.
bool reachesEndTag(const QByteArray &line, const QByteArray &name, int &depth)
{
    const QByteArray lower = line.toLower();
    qsizetype i = 0;
    while ((i = lower.indexOf('<', i)) >= 0) {
        const bool closing = i + 1 < lower.size() && lower.at(i + 1) == '/';
        const qsizetype nameAt = i + (closing ? 2 : 1);
        if (lower.mid(nameAt, name.size()) == name) {
            const qsizetype after = nameAt + name.size();
            const char c = after < lower.size() ? lower.at(after) : '\0';
            if (c == '>' || isSpace(c) || c == '/' || c == '\0') {
                if (closing) {
                    if (--depth < 0)
                        return true;
                } else {
                    const qsizetype gt = lower.indexOf('>', after);
                    if (!(gt > 0 && lower.at(gt - 1) == '/'))
                        ++depth;
                }
            }
        }
        ++i;
    }
    return false;
}

// Positions of code spans on a line, so span-level rewriting leaves them alone.
QList<QPair<qsizetype, qsizetype>> codeSpans(const QByteArray &line)
{
    QList<QPair<qsizetype, qsizetype>> spans;
    qsizetype i = 0;
    while ((i = line.indexOf('`', i)) >= 0) {
        qsizetype run = i;
        while (run < line.size() && line.at(run) == '`')
            ++run;
        const QByteArray ticks = line.mid(i, run - i);
        qsizetype close = run;
        while ((close = line.indexOf(ticks, close)) >= 0) {
            const qsizetype after = close + ticks.size();
            if ((after >= line.size() || line.at(after) != '`') && line.at(close - 1) != '`')
                break;
            close = after;
            while (close < line.size() && line.at(close) == '`')
                ++close;
        }
        if (close < 0) {
            i = run;
            continue;
        }
        spans.append({i, close + ticks.size()});
        i = close + ticks.size();
    }
    return spans;
}

bool insideSpan(const QList<QPair<qsizetype, qsizetype>> &spans, qsizetype at)
{
    return std::any_of(spans.begin(), spans.end(),
                       [at](const auto &s) { return at >= s.first && at < s.second; });
}

bool isListItem(const QByteArray &line)
{
    static const QRegularExpression item(QStringLiteral("^ {0,3}([-*+]|\\d{1,9}[.)])([ \\t]|$)"));
    return item.match(QString::fromUtf8(line)).hasMatch();
}

QByteArray marker(int index)
{
    return QByteArray(KramdownFlavor::AttributesMarker.data(),
                      static_cast<qsizetype>(KramdownFlavor::AttributesMarker.size())) +
           QByteArray::number(index) + "-->";
}

const QByteArray kHtmlMarker(KramdownFlavor::HtmlMarker.data(),
                             static_cast<qsizetype>(KramdownFlavor::HtmlMarker.size()));

// A link destination with an optional title, with the URL put in <> when it holds a space:
// kramdown takes such a URL as it is, md4c only in <>. Empty when nothing needs changing.
QString bracketedDestination(const QString &destination)
{
    static const QRegularExpression parts(
        QStringLiteral("^\\s*([^<\\s](?:.*?\\S)?)(\\s+(?:\"[^\"]*\"|'[^']*'|\\([^)]*\\)))?\\s*$"));
    const auto m = parts.match(destination);
    const QString url = m.captured(1);
    // A Liquid tag left in place (an unresolved post_url) stays visible as text, not a link.
    if (!m.hasMatch() || !url.contains(QLatin1Char(' ')) || url.contains(QLatin1Char('>')) ||
        url.contains(QLatin1String("{%")))
        return {};
    return QLatin1Char('<') + url + QLatin1Char('>') + m.captured(2);
}

// [text](/a b "t") is a link to "/a b" for kramdown; md4c reads it only as [text](</a b> "t").
QByteArray bracketUrlsWithSpaces(const QByteArray &line)
{
    const auto spans = codeSpans(line);
    QByteArray out;
    qsizetype from = 0;
    qsizetype at = 0;
    while ((at = line.indexOf("](", at)) >= 0) {
        const qsizetype open = at + 1;
        at += 2;
        if (insideSpan(spans, open))
            continue;
        int depth = 1;
        qsizetype close = open + 1;
        for (; close < line.size(); ++close) {
            const char c = line.at(close);
            if (c == '\\') {
                ++close;
            } else if (c == '(') {
                ++depth;
            } else if (c == ')' && --depth == 0) {
                break;
            }
        }
        if (close >= line.size())
            continue;
        const QString bracketed =
            bracketedDestination(QString::fromUtf8(line.mid(open + 1, close - open - 1)));
        if (bracketed.isEmpty())
            continue;
        out += line.mid(from, open + 1 - from) + bracketed.toUtf8();
        from = close;
        at = close;
    }
    if (from == 0)
        return line;
    return out + line.mid(from);
}

bool isFootnoteName(const QByteArray &name)
{
    return !name.isEmpty() && std::all_of(name.begin(), name.end(), [](char c) {
        return isWord(c) || c == '-' || c == '.' || c == ':';
    });
}

// ---- definition lists ------------------------------------------------------------------------

// `: text`, the line of a definition: a colon (at most three spaces in) and a blank after it.
// The content's column follows the blanks; lines after a blank line that reach it go on.
bool definitionLine(const QByteArray &line, QByteArray *content = nullptr, int *column = nullptr)
{
    if (indentOf(line) > 3)
        return false;
    qsizetype i = 0;
    while (i < line.size() && line.at(i) == ' ')
        ++i;
    if (i + 1 >= line.size() || line.at(i) != ':' ||
        (line.at(i + 1) != ' ' && line.at(i + 1) != '\t'))
        return false;
    qsizetype start = i + 1;
    while (start < line.size() && (line.at(start) == ' ' || line.at(start) == '\t'))
        ++start;
    if (start >= line.size())
        return false;
    if (content)
        *content = line.mid(start);
    if (column) {
        int width = 0;
        for (qsizetype k = 0; k < start; ++k)
            width += line.at(k) == '\t' ? 4 - width % 4 : 1;
        *column = std::min(width, 4);
    }
    return true;
}

// A line kramdown can take as a term: a line of the paragraph above a definition.
bool termLine(const QByteArray &line)
{
    if (isBlank(line) || indentOf(line) > 3 || isListItem(line) || definitionLine(line))
        return false;
    const QByteArray trimmed = line.trimmed();
    static const QRegularExpression other(
        QStringLiteral("^(?:#|>|<|\\{:|```|~~~|=+\\s*$|-+\\s*$|\\*\\s*\\*\\s*\\*)"));
    return !other.match(QString::fromUtf8(trimmed)).hasMatch();
}

// Removes up to `width` columns of indentation.
QByteArray outdent(const QByteArray &line, int width)
{
    qsizetype i = 0;
    int column = 0;
    while (i < line.size() && column < width && (line.at(i) == ' ' || line.at(i) == '\t')) {
        column += line.at(i) == '\t' ? 4 - column % 4 : 1;
        ++i;
    }
    return line.mid(i);
}

// Strips the paragraph md4c puts around a term or a tight definition's first paragraph.
QByteArray withoutFirstParagraph(QByteArray html)
{
    while (html.endsWith('\n'))
        html.chop(1);
    if (!html.startsWith("<p>"))
        return html;
    const qsizetype close = html.indexOf("</p>");
    if (close < 0)
        return html;
    return html.mid(3, close - 3) + html.mid(close + 4);
}

// Definitions nest only through indented content; a bound keeps made-up input from recursing.
thread_local int definitionDepth = 0;

// kramdown's definition lists (term lines, then `: definition` lines) as the HTML kramdown
// writes, put in place of their lines: html[i] for each line i the list covers (taken[i]).
// A term and a definition are rendered on their own; a definition that a blank line separates
// from what is above it gets its first paragraph in <p>, as kramdown does. The lines stay where
// they are: each item's HTML starts on its first line.
void definitionLists(const QList<Line> &lines, const std::vector<char> &code,
                     const std::vector<char> &removed, std::vector<char> &taken,
                     std::vector<QByteArray> &html)
{
    static const QRegularExpression ial(QStringLiteral("^ {0,3}\\{:(.*)\\}[ \\t]*$"));
    const qsizetype n = lines.size();
    auto text = [&](qsizetype i) -> const QByteArray & {
        return lines.at(i).text;
    };
    auto usable = [&](qsizetype i) {
        return i >= 0 && i < n && !code[i] && !removed[i];
    };
    // Each line is classified once: the searches below go over lines more than once.
    std::vector<char> terms(static_cast<size_t>(n), 0);
    std::vector<char> definitions(static_cast<size_t>(n), 0);
    // Where the run of paragraph lines (terms or `: text`) that ends at each line starts.
    std::vector<qsizetype> runStart(static_cast<size_t>(n), -1);
    for (qsizetype i = 0; i < n; ++i) {
        if (!usable(i))
            continue;
        definitions[i] = definitionLine(text(i));
        terms[i] = !definitions[i] && termLine(text(i));
        if (terms[i] || definitions[i])
            runStart[i] = i > 0 && runStart[i - 1] >= 0 ? runStart[i - 1] : i;
    }
    auto isTerm = [&](qsizetype i) {
        return i >= 0 && i < n && terms[i];
    };
    auto isDefinition = [&](qsizetype i) {
        return i >= 0 && i < n && definitions[i];
    };
    qsizetype lastTaken = -1;
    auto blank = [&](qsizetype i) {
        return i < n && isBlank(text(i)) && !removed[i];
    };
    // Places an item's HTML line by line from `first`, what does not fit on the last line.
    auto place = [&](qsizetype first, qsizetype last, const QByteArray &itemHtml) {
        const QList<QByteArray> parts = itemHtml.split('\n');
        for (qsizetype k = 0; k < parts.size(); ++k) {
            const qsizetype line = std::min(first + k, last);
            if (line == first + k)
                html[line] = parts.at(k);
            else if (!parts.at(k).isEmpty())
                html[line] += ' ' + parts.at(k);
        }
    };
    // A table can make md4c's output explode; the lists of one text share a bound, and past it
    // the rest stays text.
    qsizetype budget = 16 * 1024 * 1024;
    auto render = [&budget](const QByteArray &markdown) {
        RenderOptions options;
        options.dialect = MarkdownDialect::Kramdown;
        options.maxOutputBytes = std::max<qsizetype>(budget, 0);
        const QByteArray out = MarkdownRenderer::render(markdown, options).html;
        budget -= out.size() + 1;
        return out;
    };

    for (qsizetype i = 0; i < n && budget > 0; ++i) {
        if (taken[i] || !isDefinition(i))
            continue;
        // The terms are the lines of the paragraph right above, or one blank line above. A
        // `: text` line that started that paragraph is one of them: with nothing above to
        // define, it was text.
        qsizetype termsEnd = i;
        if (termsEnd > 0 && blank(termsEnd - 1))
            --termsEnd;
        if (termsEnd - 1 <= lastTaken || runStart[termsEnd - 1] < 0)
            continue;
        const qsizetype start = std::max(runStart[termsEnd - 1], lastTaken + 1);
        // The terms are a paragraph of their own: after a blank line or a heading.
        if (start > 0 && !blank(start - 1) &&
            !(usable(start - 1) && text(start - 1).trimmed().startsWith('#')))
            continue;

        qsizetype last = i;
        qsizetype at = start; // the next line to read: terms, then a definition
        bool first = true;
        while (at < n) {
            // Terms, one per line.
            if (!first) {
                termsEnd = at;
                while (isTerm(termsEnd))
                    ++termsEnd;
            }
            qsizetype def = termsEnd;
            if (blank(def))
                ++def;
            if (termsEnd == at || !isDefinition(def))
                break;
            for (qsizetype t = at; t < termsEnd; ++t) {
                QByteArray dt = "<dt>" + withoutFirstParagraph(render(text(t).trimmed())) + "</dt>";
                if (first && t == at)
                    dt.prepend("<dl>");
                place(t, t, dt);
                taken[t] = true;
            }
            first = false;
            // Definitions, each with its lazy lines and its indented paragraphs.
            at = def;
            while (isDefinition(at)) {
                QByteArray content;
                int column = 0;
                definitionLine(text(at), &content, &column);
                const bool loose = at > 0 && blank(at - 1);
                QByteArray markdown = content + '\n';
                qsizetype k = at + 1;
                qsizetype end = at;
                for (;;) {
                    while (k < n && !blank(k) && !removed[k] && !isDefinition(k) &&
                           !ial.match(QString::fromUtf8(text(k))).hasMatch()) {
                        markdown += outdent(text(k), column) + '\n';
                        end = k++;
                    }
                    qsizetype b = k;
                    while (blank(b))
                        ++b;
                    if (b == k || b >= n || removed[b] || indentOf(text(b)) < column ||
                        definitionLine(text(b)))
                        break;
                    for (; k < b; ++k)
                        markdown += '\n';
                }
                QByteArray dd = render(markdown);
                dd = "<dd>" + (loose ? dd.trimmed() : withoutFirstParagraph(dd)) + "</dd>";
                place(at, end, dd);
                for (qsizetype t = at; t <= end; ++t)
                    taken[t] = true;
                last = end;
                // The next definition, right below or after blank lines.
                qsizetype next = end + 1;
                while (blank(next))
                    ++next;
                if (!isDefinition(next))
                    break;
                at = next;
            }
            // More terms after a blank line continue the list.
            at = last + 1;
            while (blank(at))
                ++at;
            if (at == last + 1 || !isTerm(at))
                break;
        }
        html[last] += "</dl>";
        i = last;
        lastTaken = last;
    }
}

} // namespace

QByteArray KramdownFlavor::typeset(std::string_view text, std::string_view after, char before)
{
    QByteArray out;
    out.reserve(static_cast<qsizetype>(text.size() + 8));
    const size_t size = text.size();
    auto at = [&](size_t k) -> char {
        if (k < size)
            return text[k];
        k -= size;
        return k < after.size() ? after[k] : '\0';
    };
    auto append = [&out](std::string_view s) {
        out.append(s.data(), static_cast<qsizetype>(s.size()));
    };
    auto wordAt = [&](size_t k) {
        const char c = at(k);
        if (static_cast<unsigned char>(c) < 0x80)
            return isWord(c);
        char bytes[4] = {c, at(k + 1), at(k + 2), at(k + 3)};
        const QString decoded = QString::fromUtf8(bytes, 4);
        return !decoded.isEmpty() && (decoded.at(0).isLetterOrNumber() || decoded.at(0).isMark());
    };
    // The character before the current one as kramdown's rules see it: 0 after anything that
    // another parser took.
    char previous = before;
    size_t i = 0;
    while (i < size) {
        const char c = text[i];
        if (c == '"' || c == '\'') {
            const char effective = startsOtherSpan(previous) ? 0 : previous;
            const QuoteResult q = classifyQuote(
                c, effective, [&](int k) { return at(i + static_cast<size_t>(k)); },
                [&](int k) { return wordAt(i + static_cast<size_t>(k)); });
            if (q.firstIsPlain)
                out += c;
            else
                append(q.first);
            if (q.takesNext && i + 1 < size) {
                append(q.second);
                i += 2;
            } else {
                i += 1;
            }
            previous = 0;
            continue;
        }
        if (c == '-' && at(i + 1) == '-' && i + 1 < size) {
            const bool em = at(i + 2) == '-' && i + 2 < size;
            append(em ? kMdash : kNdash);
            i += em ? 3 : 2;
            previous = 0;
            continue;
        }
        if (c == '.' && i + 2 < size && text[i + 1] == '.' && text[i + 2] == '.') {
            append(kHellip);
            i += 3;
            previous = 0;
            continue;
        }
        if (c == '<' && i + 1 < size && text[i + 1] == '<') {
            append(kLaquo);
            i += 2;
            if (i < size && text[i] == ' ') {
                append(kNbsp);
                ++i;
            }
            previous = 0;
            continue;
        }
        if (c == ' ' && i + 2 < size && text[i + 1] == '>' && text[i + 2] == '>') {
            append(kNbsp);
            append(kRaquo);
            i += 3;
            previous = 0;
            continue;
        }
        if (c == '>' && i + 1 < size && text[i + 1] == '>') {
            append(kRaquo);
            i += 2;
            previous = 0;
            continue;
        }
        out += c;
        previous = c;
        ++i;
    }
    return out;
}

QByteArray KramdownFlavor::headerId(const QString &text, QHash<QByteArray, int> &used)
{
    QString id;
    const QString lower = text.toLower();
    id.reserve(lower.size());
    for (const QChar c : lower) {
        if (c == QLatin1Char(' ') || c == QLatin1Char('\t')) {
            id += QLatin1Char('-');
            continue;
        }
        const auto category = c.category();
        // Ruby's \p{Word}: letters, marks, decimal digits, connector punctuation.
        if (c == QLatin1Char('-') || c.isLetter() || c.isMark() ||
            category == QChar::Number_DecimalDigit || category == QChar::Punctuation_Connector ||
            c.isSurrogate())
            id += c;
    }
    QByteArray result = id.toUtf8();
    const int count = used.value(result, -1) + 1;
    used.insert(result, count);
    if (count > 0)
        result += '-' + QByteArray::number(count);
    return result;
}

KramdownAttributes
KramdownFlavor::parseAttributeList(std::string_view list,
                                   const QHash<QByteArray, QByteArray> &definitions,
                                   KramdownAttributes::Target target)
{
    AttributeSet set;
    set.read(list, definitions, 0);
    KramdownAttributes attributes;
    attributes.target = target;
    if (!set.id.isEmpty()) {
        attributes.html += " id=\"" + escapeAttribute(set.id.toStdString()) + '"';
        attributes.hasId = true;
    }
    if (!set.classes.isEmpty())
        attributes.html += " class=\"" + escapeAttribute(set.classes.join(' ').toStdString()) + '"';
    for (const auto &[key, value] : set.pairs)
        attributes.html += ' ' + escapeAttribute(key.toStdString()) + "=\"" +
                           escapeAttribute(value.toStdString()) + '"';
    return attributes;
}

KramdownSource KramdownFlavor::prepare(const QByteArray &markdown, int firstLine)
{
    static const QRegularExpression ald(QStringLiteral("^ {0,3}\\{:([\\w-]+):(.*)\\}[ \\t]*$"));
    static const QRegularExpression ial(QStringLiteral("^ {0,3}\\{:(?![\\w-]+:)(.*)\\}[ \\t]*$"));
    static const QRegularExpression footnoteDefinition(
        QStringLiteral("^ {0,3}\\[\\^([^\\]\\s]+)\\]:[ \\t]?(.*)$"));
    static const QRegularExpression headerWithId(
        QStringLiteral("^(#{1,6}[ \\t]+.*?)[ \\t]*(\\{#[A-Za-z][\\w:-]*\\})[ \\t]*$"));
    static const QRegularExpression loneHashes(QStringLiteral("^ {0,3}#{1,6}[ \\t]*$"));
    static const QRegularExpression setextUnderline(QStringLiteral("^ {0,3}(=+|-+)[ \\t]*$"));
    static const QRegularExpression referenceDefinition(
        QStringLiteral("^( {0,3}\\[[^\\]]+\\]:)(.*)$"));

    QList<Line> lines = splitLines(markdown);
    KramdownSource result;

    // Which lines are code (fenced, or indented after a blank line outside a list): nothing in
    // them is kramdown syntax.
    std::vector<char> code(static_cast<size_t>(lines.size()), 0);
    // kramdown wants a closing fence; without one the fence line is text.
    std::vector<char> unclosedFence(static_cast<size_t>(lines.size()), 0);
    // The longest closing fence of each kind at or after each line, so that finding whether a
    // fence is ever closed does not rescan the rest of the text.
    std::vector<int> longestBackticks(static_cast<size_t>(lines.size()) + 1, 0);
    std::vector<int> longestTildes(static_cast<size_t>(lines.size()) + 1, 0);
    for (qsizetype i = lines.size() - 1; i >= 0; --i) {
        longestBackticks[i] = longestBackticks[i + 1];
        longestTildes[i] = longestTildes[i + 1];
        const QByteArray trimmed = lines.at(i).text.trimmed();
        if (indentOf(lines.at(i).text) > 3 || trimmed.isEmpty())
            continue;
        const char marker = trimmed.at(0);
        if ((marker == '`' || marker == '~') &&
            std::all_of(trimmed.begin(), trimmed.end(), [&](char c) { return c == marker; })) {
            int &longest = marker == '`' ? longestBackticks[i] : longestTildes[i];
            longest = std::max(longest, static_cast<int>(trimmed.size()));
        }
    }
    {
        Fence fence;
        bool inList = false;
        bool indentedCode = false;
        bool previousBlank = true;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QByteArray &text = lines.at(i).text;
            if (fence.marker) {
                code[i] = true;
                if (closesFence(text, fence))
                    fence = {};
                continue;
            }
            const bool blank = isBlank(text);
            if (!blank && indentOf(text) >= 4 && !inList && (previousBlank || indentedCode)) {
                code[i] = true;
                indentedCode = true;
                previousBlank = false;
                continue;
            }
            if (!blank)
                indentedCode = false;
            if (const Fence opening = fenceOpening(text); opening.marker) {
                const bool closed =
                    (opening.marker == '`' ? longestBackticks : longestTildes)[i + 1] >=
                    opening.length;
                if (closed) {
                    fence = opening;
                    code[i] = true;
                } else {
                    unclosedFence[i] = true;
                }
            } else if (!blank && indentOf(text) < 4) {
                if (isListItem(text))
                    inList = true;
                else if (previousBlank)
                    inList = false;
            }
            previousBlank = blank;
        }
    }

    // Attribute list definitions and footnote definitions apply wherever they are written.
    QHash<QByteArray, QByteArray> definitions;
    QHash<QByteArray, KramdownFootnote> notes;
    std::vector<char> removed(static_cast<size_t>(lines.size()), 0);
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (code[i])
            continue;
        const QString text = QString::fromUtf8(lines.at(i).text);
        if (const auto m = ald.match(text); m.hasMatch()) {
            definitions.insert(m.captured(1).toUtf8(), m.captured(2).toUtf8());
            removed[i] = true;
            continue;
        }
        const auto m = footnoteDefinition.match(text);
        if (!m.hasMatch() || !isFootnoteName(m.captured(1).toUtf8()))
            continue;
        KramdownFootnote note;
        note.name = m.captured(1).toUtf8();
        note.firstLine = firstLine + static_cast<int>(i);
        note.markdown = m.captured(2).toUtf8() + '\n';
        removed[i] = true;
        // Lazy lines go on the note; after a blank line only indented ones do.
        qsizetype j = i + 1;
        while (j < lines.size()) {
            const QByteArray &next = lines.at(j).text;
            if (isBlank(next)) {
                qsizetype k = j;
                while (k < lines.size() && isBlank(lines.at(k).text))
                    ++k;
                if (k >= lines.size() || indentOf(lines.at(k).text) < 4)
                    break;
                for (; j < k; ++j) {
                    note.markdown += '\n';
                    removed[j] = true;
                }
                continue;
            }
            if (footnoteDefinition.match(QString::fromUtf8(next)).hasMatch() ||
                (indentOf(next) < 4 && (ald.match(QString::fromUtf8(next)).hasMatch())))
                break;
            qsizetype strip = 0;
            int width = 0;
            while (strip < next.size() && width < 4 &&
                   (next.at(strip) == ' ' || next.at(strip) == '\t')) {
                width += next.at(strip) == '\t' ? 4 - width % 4 : 1;
                ++strip;
            }
            note.markdown += next.mid(strip) + '\n';
            removed[j] = true;
            ++j;
        }
        if (!notes.contains(note.name))
            notes.insert(note.name, note);
        i = j - 1;
    }

    std::vector<char> inDefinitionList(static_cast<size_t>(lines.size()), 0);
    std::vector<QByteArray> definitionHtml(static_cast<size_t>(lines.size()));
    if (definitionDepth < 4 && markdown.contains(':')) {
        ++definitionDepth;
        definitionLists(lines, code, removed, inDefinitionList, definitionHtml);
        --definitionDepth;
    }

    QList<QByteArray> out;
    out.reserve(lines.size());
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArray text = lines.at(i).text;
        if (inDefinitionList[i]) {
            out.append(kHtmlMarker + definitionHtml[i]);
            continue;
        }
        // A footnote's indented paragraphs looked like code before they were taken out.
        if (removed[i]) {
            out.append(QByteArray());
            continue;
        }
        if (code[i]) {
            out.append(text);
            continue;
        }
        if (unclosedFence[i]) {
            const qsizetype fenceAt = text.indexOf(text.trimmed().left(1));
            out.append(text.left(fenceAt) + '\\' + text.mid(fenceAt));
            continue;
        }
        const QString line = QString::fromUtf8(text);
        if (i > 0 && setextUnderline.match(line).hasMatch() && !code[i - 1] && !removed[i - 1] &&
            !isBlank(lines.at(i - 1).text)) {
            // kramdown takes a setext header only as a single line after a blank one, and
            // never after a list item: otherwise the underline is more paragraph text.
            const QByteArray &previous = lines.at(i - 1).text;
            const QByteArray head = previous.trimmed();
            const bool otherBlock = head.startsWith('>') || head.startsWith('#') ||
                                    head.startsWith('<') || head.startsWith('|');
            const bool afterBoundary = i == 1 || isBlank(lines.at(i - 2).text);
            // kramdown's underline starts in the first column.
            const bool indented = text.startsWith(' ');
            if (isListItem(previous) || (!otherBlock && (!afterBoundary || indented))) {
                out.append(text + kHtmlMarker);
                continue;
            }
        }
        if (const auto m = referenceDefinition.match(line); m.hasMatch()) {
            if (const QString bracketed = bracketedDestination(m.captured(2));
                !bracketed.isEmpty()) {
                out.append((m.captured(1) + QLatin1Char(' ') + bracketed).toUtf8());
                continue;
            }
        }
        if (const auto m = ial.match(line); m.hasMatch()) {
            // Right after a block it is that block's; after a blank line, the next block's.
            const bool afterBlock = i > 0 && !isBlank(out.last()) && !removed[i - 1];
            result.attributes.append(
                parseAttributeList(m.captured(1).toStdString(), definitions,
                                   afterBlock ? KramdownAttributes::Target::PreviousBlock
                                              : KramdownAttributes::Target::NextBlock));
            out.append(marker(static_cast<int>(result.attributes.size() - 1)));
            continue;
        }
        if (loneHashes.match(line).hasMatch()) {
            // kramdown wants text after the hashes; a bare `#` line is a paragraph.
            const qsizetype hash = text.indexOf('#');
            out.append(text.left(hash) + '\\' + text.mid(hash));
            continue;
        }
        if (const auto m = headerWithId.match(line); m.hasMatch()) {
            const QString id = m.captured(2);
            result.attributes.append(parseAttributeList(id.mid(1, id.size() - 2).toStdString(),
                                                        definitions,
                                                        KramdownAttributes::Target::Heading));
            text = m.captured(1).toUtf8() + marker(static_cast<int>(result.attributes.size() - 1));
        }

        // HTML that starts a line: kramdown's rules, not CommonMark's.
        const LeadingTag tag = leadingTag(text);
        if (!tag.name.isEmpty() && isSpanElement(tag.name)) {
            // A paragraph for kramdown, where md4c would make a lone tag an HTML block.
            if (!tag.closing && text.trimmed().endsWith('>'))
                text += kHtmlMarker;
        } else if (!tag.name.isEmpty() && tag.closing) {
            // A closing tag with no block open is text to kramdown, and shown.
            const qsizetype lt = text.indexOf('<');
            text = text.left(lt) + '\\' + text.mid(lt);
        } else if (!tag.name.isEmpty()) {
            // A block: raw HTML up to its end tag, blank lines and all.
            qsizetype last = i;
            if (tag.end >= 0 && (tag.selfClosing || isVoidElement(tag.name))) {
                last = i;
            } else {
                qsizetype j = i;
                QByteArray rest = text.mid(std::max<qsizetype>(tag.end, 0));
                // The start tag may continue over lines: count from where it ends.
                if (tag.end < 0) {
                    while (j + 1 < lines.size() && !lines.at(j).text.contains('>'))
                        ++j;
                    const QByteArray &l = lines.at(j).text;
                    rest = l.mid(l.indexOf('>') + 1);
                }
                int depth = 0;
                while (!reachesEndTag(rest, tag.name, depth) && j + 1 < lines.size())
                    rest = lines.at(++j).text;
                // Without an end tag, kramdown closes the block at the end of the document.
                last = j;
            }
            for (qsizetype k = i; k <= last; ++k) {
                out.append(kHtmlMarker + (k == i ? text : lines.at(k).text));
            }
            i = last;
            continue;
        }

        if (text.contains("]("))
            text = bracketUrlsWithSpaces(text);

        // Span attribute lists, footnote references, guillemets and lone tildes, outside code
        // spans.
        if (text.contains("{:") || text.contains("[^") || text.contains("<<") ||
            text.contains('~') || text.contains('\\')) {
            auto spans = codeSpans(text);
            // Autolinks too: an entity there would show as written.
            static const QRegularExpression autolink(
                QStringLiteral("<[A-Za-z][A-Za-z0-9+.-]*:[^<>\\s]*>|<[^<>@\\s]+@[^<>\\s]+>"));
            for (auto links = autolink.globalMatch(QString::fromLatin1(text)); links.hasNext();) {
                const auto link = links.next();
                spans.append({link.capturedStart(), link.capturedEnd()});
            }
            QString rewritten;
            const QString source = QString::fromUtf8(text);
            qsizetype from = 0;
            static const QRegularExpression spanSyntax(QStringLiteral(
                "(?<=[)*_`\\]~>])\\{:([^}]*)\\}|\\[\\^([^\\]\\s]+)\\]|"
                "(?<!\\\\)<<( ?)|(?<![~\\\\])~(?!~)|\\\\[\\\\.*_+\\-`()\\[\\]{}#!:|\"'$=<>~]|"
                "\\\\(?=[%&,/;?@^])"));
            auto it = spanSyntax.globalMatch(source);
            while (it.hasNext()) {
                const auto m = it.next();
                const qsizetype byteAt = source.left(m.capturedStart()).toUtf8().size();
                if (insideSpan(spans, byteAt))
                    continue;
                QByteArray replacement;
                if (m.captured(0).startsWith(QLatin1Char('\\'))) {
                    // kramdown escapes fewer characters than CommonMark: before the others
                    // the backslash shows.
                    if (m.capturedLength() > 1)
                        continue;
                    replacement = "\\\\";
                } else if (m.captured(0) == QLatin1String("~")) {
                    // kramdown strikes through ~~text~~ only; md4c would take ~text~ too.
                    replacement = TildeEntity;
                } else if (m.captured(0).startsWith(QLatin1Char('<'))) {
                    // «: md4c would read <<tight>> as a tag inside a '<'.
                    replacement = m.captured(3).isEmpty() ? "&laquo;" : "&laquo;&nbsp;";
                } else if (m.captured(0).startsWith(QLatin1Char('{'))) {
                    result.attributes.append(
                        parseAttributeList(m.captured(1).toStdString(), definitions,
                                           KramdownAttributes::Target::PreviousSpan));
                    replacement = marker(static_cast<int>(result.attributes.size() - 1));
                } else {
                    const QByteArray name = m.captured(2).toUtf8();
                    if (!notes.contains(name) || !isFootnoteName(name))
                        continue;
                    KramdownFootnote &note = notes[name];
                    if (note.number == 0) {
                        note.number = static_cast<int>(result.footnotes.size()) + 1;
                        result.footnotes.append(note);
                    }
                    replacement = "<sup id=\"fnref:" + name +
                                  "\" role=\"doc-noteref\"><a href=\"#fn:" + name +
                                  "\" class=\"footnote\" rel=\"footnote\">" +
                                  QByteArray::number(note.number) + "</a></sup>";
                }
                rewritten +=
                    source.mid(from, m.capturedStart() - from) + QString::fromUtf8(replacement);
                from = m.capturedEnd();
            }
            rewritten += source.mid(from);
            text = rewritten.toUtf8();
        }
        out.append(text);
    }

    for (qsizetype i = 0; i < out.size(); ++i)
        result.markdown += out.at(i) + lines.at(i).eol;
    return result;
}

} // namespace Meetdown
