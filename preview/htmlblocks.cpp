#include "htmlblocks.h"

#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace Meetdown {

namespace {

using Names = std::initializer_list<std::string_view>;

bool isOneOf(std::string_view name, Names names)
{
    return std::find(names.begin(), names.end(), name) != names.end();
}

template <size_t N> bool isOneOf(std::string_view name, const std::string_view (&names)[N])
{
    return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

bool isAsciiAlpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

char toLower(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c + ('a' - 'A')) : c;
}

// The element sets of the HTML parsing algorithm (WHATWG "tree construction") that decide
// which elements are open after a tag; only as far as a block boundary depends on them.
constexpr std::string_view kVoid[] = {
    "area", "base",  "br",     "col",   "embed", "hr",     "img",      "image",   "input", "link",
    "meta", "param", "source", "track", "wbr",   "keygen", "basefont", "bgsound", "frame"};
constexpr std::string_view kRawText[] = {"script",   "style",    "xmp",      "iframe", "noembed",
                                         "noframes", "noscript", "textarea", "title"};
constexpr std::string_view kClosesParagraph[] = {
    "address", "article", "aside",     "blockquote", "center",     "details", "dialog",
    "dir",     "div",     "dl",        "fieldset",   "figcaption", "figure",  "footer",
    "header",  "hgroup",  "main",      "menu",       "nav",        "ol",      "p",
    "search",  "section", "summary",   "ul",         "h1",         "h2",      "h3",
    "h4",      "h5",      "h6",        "pre",        "listing",    "form",    "table",
    "hr",      "xmp",     "plaintext", "li",         "dd",         "dt"};
constexpr std::string_view kHeadings[] = {"h1", "h2", "h3", "h4", "h5", "h6"};
constexpr std::string_view kFormatting[] = {"a",    "b", "big",   "code",   "em",     "font", "i",
                                            "nobr", "s", "small", "strike", "strong", "tt",   "u"};
// Opening one of these starts a new scope for formatting elements; closing it ends that scope.
constexpr std::string_view kFormattingScope[] = {"td",      "th",     "caption", "applet",
                                                 "marquee", "object", "template"};
constexpr std::string_view kButtonScope[] = {
    "applet", "caption",        "html",          "table", "td", "th", "marquee",
    "object", "template",       "button",        "mi",    "mo", "mn", "ms",
    "mtext",  "annotation-xml", "foreignobject", "desc"};
constexpr std::string_view kSpecial[] = {
    "address",    "applet",   "area",   "article", "aside",     "base",     "basefont", "bgsound",
    "blockquote", "body",     "br",     "button",  "caption",   "center",   "col",      "colgroup",
    "dd",         "details",  "dir",    "div",     "dl",        "dt",       "embed",    "fieldset",
    "figcaption", "figure",   "footer", "form",    "frame",     "frameset", "h1",       "h2",
    "h3",         "h4",       "h5",     "h6",      "head",      "header",   "hgroup",   "hr",
    "html",       "iframe",   "img",    "input",   "keygen",    "li",       "link",     "listing",
    "main",       "marquee",  "menu",   "meta",    "nav",       "noembed",  "noframes", "noscript",
    "object",     "ol",       "p",      "param",   "plaintext", "pre",      "script",   "search",
    "section",    "select",   "source", "style",   "summary",   "table",    "tbody",    "td",
    "template",   "textarea", "tfoot",  "th",      "thead",     "title",    "tr",       "track",
    "ul",         "wbr",      "xmp"};

constexpr std::string_view kMarker = "|"; // a scope marker in the formatting list

class Splitter
{
public:
    explicit Splitter(std::string_view html) : m_html(html) {}

    // Offsets just past each cut.
    std::vector<size_t> cuts()
    {
        std::vector<size_t> cuts;
        const size_t size = m_html.size();
        size_t i = 0;
        while (i < size) {
            const size_t next = m_html.find_first_of("<\n", i);
            if (next == std::string_view::npos)
                break;
            i = next;
            if (m_html[i] == '\n') {
                ++i;
                if (m_open.empty() && m_formatting.empty())
                    cuts.push_back(i);
                continue;
            }
            i = markup(i);
            if (i == std::string_view::npos)
                break; // an unterminated construct runs to the end: no more cuts
        }
        return cuts;
    }

private:
    // Consumes the markup at `at` ('<'); returns where text resumes, or npos for "to the end".
    size_t markup(size_t at)
    {
        const std::string_view rest = m_html.substr(at);
        if (rest.substr(0, 4) == "<!--")
            return skipComment(at + 4);
        if (rest.size() < 2)
            return at + 1;
        const char second = rest[1];
        if (second == '!' || second == '?') {
            if (inForeignContent() && rest.substr(0, 9) == "<![CDATA[")
                return skipPast(at + 9, "]]>");
            return skipPast(at + 2, ">"); // doctype and bogus comments
        }
        if (second == '/') {
            if (rest.size() < 3 || !isAsciiAlpha(rest[2]))
                return skipPast(at + 2, ">");
            bool selfClosing = false;
            const std::string name = readName(at + 2);
            const size_t end = skipTag(at + 2 + name.size(), &selfClosing);
            if (end != std::string_view::npos)
                endTag(name);
            return end;
        }
        if (!isAsciiAlpha(second))
            return at + 1; // a '<' that starts no tag is text
        bool selfClosing = false;
        const std::string name = readName(at + 1);
        const size_t end = skipTag(at + 1 + name.size(), &selfClosing);
        if (end == std::string_view::npos)
            return end;
        return startTag(name, selfClosing, end);
    }

    std::string readName(size_t at) const
    {
        std::string name;
        while (at < m_html.size() && !isSpace(m_html[at]) && m_html[at] != '/' && m_html[at] != '>')
            name.push_back(toLower(m_html[at++]));
        return name;
    }

    // Walks the attributes to the closing '>', minding quoted values.
    size_t skipTag(size_t at, bool *selfClosing) const
    {
        enum
        {
            Name,
            BeforeValue,
            Double,
            Single,
            Unquoted
        } state = Name;
        char previous = 0;
        for (; at < m_html.size(); ++at) {
            const char c = m_html[at];
            switch (state) {
            case Name:
                if (c == '>') {
                    *selfClosing = previous == '/';
                    return at + 1;
                }
                if (c == '=')
                    state = BeforeValue;
                break;
            case BeforeValue:
                if (c == '"')
                    state = Double;
                else if (c == '\'')
                    state = Single;
                else if (c == '>')
                    return at + 1;
                else if (!isSpace(c))
                    state = Unquoted;
                break;
            case Double:
            case Single:
                if (c == (state == Double ? '"' : '\''))
                    state = Name;
                break;
            case Unquoted:
                if (c == '>')
                    return at + 1;
                if (isSpace(c))
                    state = Name;
                break;
            }
            previous = c;
        }
        return std::string_view::npos;
    }

    size_t skipComment(size_t at) const
    {
        // "<!-->" and "<!--->" are complete (empty) comments.
        if (m_html.substr(at, 1) == ">")
            return at + 1;
        if (m_html.substr(at, 2) == "->")
            return at + 2;
        const size_t end = m_html.find("--", at);
        for (size_t dash = end; dash != std::string_view::npos;
             dash = m_html.find("--", dash + 1)) {
            if (m_html.substr(dash + 2, 1) == ">")
                return dash + 3;
            if (m_html.substr(dash + 2, 2) == "!>")
                return dash + 4;
        }
        return std::string_view::npos;
    }

    size_t skipPast(size_t at, std::string_view terminator) const
    {
        const size_t found = m_html.find(terminator, at);
        return found == std::string_view::npos ? found : found + terminator.size();
    }

    // Text elements end only at their own end tag, whatever markup they hold.
    size_t skipRawText(const std::string &name, size_t at) const
    {
        for (;;) {
            const size_t open = m_html.find("</", at);
            if (open == std::string_view::npos)
                return open;
            size_t i = open + 2;
            size_t matched = 0;
            while (matched < name.size() && i < m_html.size() &&
                   toLower(m_html[i]) == name[matched]) {
                ++i;
                ++matched;
            }
            if (matched == name.size() && i < m_html.size() &&
                (isSpace(m_html[i]) || m_html[i] == '/' || m_html[i] == '>'))
                return skipPast(i, ">");
            at = open + 2;
        }
    }

    bool inForeignContent() const
    {
        return std::any_of(m_open.begin(), m_open.end(),
                           [](const std::string &name) { return name == "svg" || name == "math"; });
    }

    template <size_t N>
    bool hasInScope(std::string_view name, const std::string_view (&boundaries)[N]) const
    {
        for (auto it = m_open.rbegin(); it != m_open.rend(); ++it) {
            if (*it == name)
                return true;
            if (isOneOf(*it, boundaries))
                return false;
        }
        return false;
    }

    void popThrough(std::string_view name)
    {
        while (!m_open.empty()) {
            const std::string top = m_open.back();
            m_open.pop_back();
            if (isOneOf(top, kFormattingScope)) {
                // Formatting opened inside a cell or the like does not outlive it.
                while (!m_formatting.empty()) {
                    const bool marker = m_formatting.back() == kMarker;
                    m_formatting.pop_back();
                    if (marker)
                        break;
                }
            }
            if (top == name)
                return;
        }
    }

    void removeLastFormatting(std::string_view name)
    {
        for (auto it = m_formatting.rbegin(); it != m_formatting.rend(); ++it) {
            if (*it == kMarker)
                return;
            if (*it == name) {
                m_formatting.erase(std::next(it).base());
                return;
            }
        }
    }

    void closeListItems(Names targets)
    {
        for (auto it = m_open.rbegin(); it != m_open.rend(); ++it) {
            if (isOneOf(*it, targets)) {
                const std::string target = *it;
                popThrough(target);
                return;
            }
            if (isOneOf(*it, kSpecial) && !isOneOf(*it, {"address", "div", "p"}))
                return;
        }
    }

    size_t startTag(const std::string &name, bool selfClosing, size_t end)
    {
        if (isOneOf(name, {"html", "head", "body", "frameset"}))
            return end; // merged into the existing elements, never opened again
        if (inForeignContent()) {
            if (!selfClosing)
                m_open.push_back(name);
            return end;
        }
        if (isOneOf(name, kClosesParagraph) && hasInScope("p", kButtonScope))
            popThrough("p");
        if (name == "li")
            closeListItems({"li"});
        else if (name == "dd" || name == "dt")
            closeListItems({"dd", "dt"});
        else if (isOneOf(name, kHeadings) && !m_open.empty() && isOneOf(m_open.back(), kHeadings))
            m_open.pop_back();
        if (name == "plaintext")
            return std::string_view::npos;
        if (isOneOf(name, kRawText))
            return skipRawText(name, end);
        if (isOneOf(name, kVoid))
            return end;
        if (name == "a" &&
            std::find(m_formatting.begin(), m_formatting.end(), "a") != m_formatting.end()) {
            // A link inside a link closes the outer one first.
            removeLastFormatting("a");
            if (std::find(m_open.begin(), m_open.end(), "a") != m_open.end())
                popThrough("a");
        }
        m_open.push_back(name);
        if (isOneOf(name, kFormatting))
            m_formatting.emplace_back(name);
        else if (isOneOf(name, kFormattingScope))
            m_formatting.emplace_back(kMarker);
        return end;
    }

    void endTag(const std::string &name)
    {
        if (isOneOf(name, kFormatting))
            removeLastFormatting(name);
        if (std::find(m_open.begin(), m_open.end(), name) != m_open.end())
            popThrough(name);
    }

    std::string_view m_html;
    std::vector<std::string> m_open;
    std::vector<std::string> m_formatting;
};

constexpr std::string_view kLineAttribute = " data-source-line=\"";

HtmlBlock makeBlock(QByteArray html)
{
    HtmlBlock block;
    const std::string_view text(html.constData(), size_t(html.size()));
    size_t from = 0;
    for (size_t at; (at = text.find(kLineAttribute, from)) != std::string_view::npos;) {
        const size_t digits = at + kLineAttribute.size();
        int line = 0;
        const auto parsed = std::from_chars(text.data() + digits, text.data() + text.size(), line);
        if (parsed.ec != std::errc() || parsed.ptr == text.data() + text.size() ||
            *parsed.ptr != '"') {
            from = digits; // not one of ours: it stays part of the shape
            continue;
        }
        block.shape.append(text.data() + from, qsizetype(digits - from));
        block.lines.append(line);
        from = size_t(parsed.ptr - text.data());
    }
    if (block.lines.isEmpty()) {
        block.shape = html;
    } else {
        block.shape.append(text.data() + from, qsizetype(text.size() - from));
    }
    block.html = std::move(html);
    return block;
}

// The lines of `next` are those of `shown` plus one constant; `shift` is set by the first block
// that has lines and then required of the others.
bool shiftedEqual(const HtmlBlock &shown, const HtmlBlock &next, std::optional<int> &shift)
{
    if (shown.shape != next.shape || shown.lines.size() != next.lines.size())
        return false;
    for (qsizetype i = 0; i < shown.lines.size(); ++i) {
        const int delta = next.lines[i] - shown.lines[i];
        if (!shift)
            shift = delta;
        else if (*shift != delta)
            return false;
    }
    return true;
}

} // namespace

QList<HtmlBlock> HtmlBlocks::split(const QByteArray &html)
{
    QList<HtmlBlock> blocks;
    const std::vector<size_t> cuts =
        Splitter(std::string_view(html.constData(), size_t(html.size()))).cuts();
    blocks.reserve(qsizetype(cuts.size()) + 1);
    qsizetype from = 0;
    for (const size_t cut : cuts) {
        blocks.append(makeBlock(html.mid(from, qsizetype(cut) - from)));
        from = qsizetype(cut);
    }
    if (from < html.size())
        blocks.append(makeBlock(html.mid(from)));
    return blocks;
}

BlockPatch HtmlBlocks::diff(const QList<HtmlBlock> &shown, const QList<HtmlBlock> &next)
{
    BlockPatch patch;
    const qsizetype common = std::min(shown.size(), next.size());
    while (patch.head < common && shown[patch.head].shape == next[patch.head].shape &&
           shown[patch.head].lines == next[patch.head].lines)
        ++patch.head;
    std::optional<int> shift;
    while (patch.tail < common - patch.head) {
        std::optional<int> candidate = shift;
        if (!shiftedEqual(shown[shown.size() - 1 - patch.tail], next[next.size() - 1 - patch.tail],
                          candidate))
            break;
        shift = candidate;
        ++patch.tail;
    }
    patch.shift = shift.value_or(0);
    return patch;
}

} // namespace Meetdown
