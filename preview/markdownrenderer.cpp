#include "markdownrenderer.h"

#include "kramdownflavor.h"

#include <md4c.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <climits>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <system_error>
#include <vector>

#include <QHash>
#include <QString>

namespace Meetdown {

namespace {

// md4c 0.4.8 reads a byte past the end of some inputs ("2", "[a]("), so it parses a padded copy.
constexpr qsizetype kInputPadding = 16;
// Escaping writes at most this many bytes per input byte ("&quot;", "%22").
constexpr qsizetype kMaxEscapeGrowth = 6;
// Large texts are escaped in chunks so one huge code line does not reserve six times its size.
constexpr qsizetype kEscapeChunk = 4096;

enum EscapeFlag : unsigned char
{
    HtmlEscape = 1,
    UrlEscape = 2
};

constexpr bool contains(const char *set, char c)
{
    for (; *set; ++set) {
        if (*set == c)
            return true;
    }
    return false;
}

// The byte classes md4c-html uses, so our output stays byte-identical to md_html's.
struct EscapeTable
{
    unsigned char flags[256] = {};

    constexpr EscapeTable()
    {
        for (int i = 0; i < 256; ++i) {
            const char c = static_cast<char>(i);
            const bool alnum =
                (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            // md4c-html looks its sets up with strchr(), which also matches the terminating NUL:
            // a raw NUL is dropped from text and kept in URLs.
            if (i == 0 || contains("\"&<>", c))
                flags[i] |= HtmlEscape;
            if (i != 0 && !alnum && !contains("-_.+!*(),%#@?=;:/$", c))
                flags[i] |= UrlEscape;
        }
    }
};

constexpr EscapeTable kEscapes;

class HtmlRenderer
{
public:
    HtmlRenderer(const char *input, qsizetype size, const RenderOptions &options,
                 const KramdownSource *kramdown)
        : m_input(input), m_inputSize(size),
          m_maxOutput(std::max<qsizetype>(options.maxOutputBytes, 0)),
          m_sourceLines(options.sourceLines), m_firstLine(options.firstLine),
          m_cursorLine(options.firstLine), m_kramdown(kramdown), m_headerIds(options.headerIds)
    {
        // HTML with source lines runs to about 1.5 times its Markdown; reserving that up front
        // saves copying a multi-megabyte buffer while it grows.
        reserve(std::min(size + size * 2 / 3, m_maxOutput) + 256);
    }

    RenderResult run()
    {
        MD_PARSER parser = {};
        // kramdown links only <http://…>, never a bare URL or www. text.
        parser.flags = m_kramdown ? MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS
                                  : MD_DIALECT_GITHUB;
        parser.enter_block = &HtmlRenderer::onEnterBlock;
        parser.leave_block = &HtmlRenderer::onLeaveBlock;
        parser.enter_span = &HtmlRenderer::onEnterSpan;
        parser.leave_span = &HtmlRenderer::onLeaveSpan;
        parser.text = &HtmlRenderer::onText;
        // Non-zero is our abort, or md4c running out of memory: either way the output is partial.
        const bool aborted = md_parse(m_input, static_cast<MD_SIZE>(m_inputSize), &parser, this);

        RenderResult result;
        if (aborted || m_size > m_maxOutput) {
            result.truncated = true;
            m_pending.clear();
            m_size = saneCut(std::min(m_size, m_maxOutput));
        } else {
            resolvePending(-1);
        }
        m_html.resize(m_size);
        result.html = std::move(m_html);
        return result;
    }

private:
    static HtmlRenderer *self(void *userdata) { return static_cast<HtmlRenderer *>(userdata); }

    static int onEnterBlock(MD_BLOCKTYPE type, void *detail, void *userdata)
    {
        return self(userdata)->enterBlock(type, detail);
    }
    static int onLeaveBlock(MD_BLOCKTYPE type, void *detail, void *userdata)
    {
        return self(userdata)->leaveBlock(type, detail);
    }
    static int onEnterSpan(MD_SPANTYPE type, void *detail, void *userdata)
    {
        return self(userdata)->enterSpan(type, detail);
    }
    static int onLeaveSpan(MD_SPANTYPE type, void *detail, void *userdata)
    {
        return self(userdata)->leaveSpan(type, detail);
    }
    static int onText(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *userdata)
    {
        return self(userdata)->text(type, text, size);
    }

    // Checked before each callback's output, so the overshoot is at most one callback's worth.
    bool overBudget() const { return m_size > m_maxOutput; }

    int enterBlock(MD_BLOCKTYPE type, void *detail)
    {
        if (overBudget())
            return 1;
        if (m_kramdown) {
            m_openTags.clear(); // inline HTML does not reach over block boundaries
            m_rawSpanDepth = 0;
            m_textEnd = -1;
            m_afterBreak = false;
            trackListEnter(type, detail);
        }
        switch (type) {
        case MD_BLOCK_DOC:
            break;
        case MD_BLOCK_HTML:
            ++m_htmlBlockDepth;
            break;
        case MD_BLOCK_QUOTE:
            append("<blockquote");
            openElement();
            markSourceLine();
            append(">\n");
            break;
        case MD_BLOCK_UL:
            append("<ul");
            openElement();
            append(">\n");
            break;
        case MD_BLOCK_OL: {
            const unsigned start = static_cast<MD_BLOCK_OL_DETAIL *>(detail)->start;
            append("<ol");
            openElement();
            if (start == 1) {
                append(">\n");
            } else {
                append(" start=\"");
                appendNumber(start);
                append("\">\n");
            }
            break;
        }
        case MD_BLOCK_LI: {
            const auto *li = static_cast<MD_BLOCK_LI_DETAIL *>(detail);
            if (li->is_task) {
                append("<li");
                openElement();
                append(" class=\"task-list-item\"");
                // The task mark is the first thing md4c tells us the position of, so the line
                // is known now rather than at the first text.
                if (m_sourceLines) {
                    const int line = lineAt(li->task_mark_offset);
                    resolvePending(line);
                    appendLineAttribute(line);
                }
                append("><input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled");
                if (li->task_mark == 'x' || li->task_mark == 'X')
                    append(" checked");
                append(">");
            } else {
                append("<li");
                openElement();
                markSourceLine();
                append(">");
            }
            break;
        }
        case MD_BLOCK_HR:
            append("<hr");
            openElement();
            append(">\n");
            break;
        case MD_BLOCK_H:
            append("<h");
            appendHeadingLevel(detail);
            openElement();
            markSourceLine();
            append(">");
            if (m_kramdown) {
                m_inHeading = true;
                m_headingText.clear();
                m_headingHasId = false;
            }
            break;
        case MD_BLOCK_CODE: {
            const auto *code = static_cast<MD_BLOCK_CODE_DETAIL *>(detail);
            append("<pre");
            openElement();
            markSourceLine();
            append("><code");
            if (code->lang.text) {
                append(" class=\"language-");
                appendAttribute(code->lang, HtmlEscape);
                append("\"");
            }
            append(">");
            break;
        }
        case MD_BLOCK_P:
            append("<p");
            openElement();
            markSourceLine();
            append(">");
            break;
        case MD_BLOCK_TABLE:
            append("<table");
            openElement();
            markSourceLine();
            append(">\n");
            break;
        case MD_BLOCK_THEAD:
            append("<thead>\n");
            break;
        case MD_BLOCK_TBODY:
            append("<tbody>\n");
            break;
        case MD_BLOCK_TR:
            append("<tr");
            markSourceLine();
            append(">\n");
            break;
        case MD_BLOCK_TH:
        case MD_BLOCK_TD:
            append(type == MD_BLOCK_TH ? "<th" : "<td");
            switch (static_cast<MD_BLOCK_TD_DETAIL *>(detail)->align) {
            case MD_ALIGN_LEFT:
                append(" align=\"left\">");
                break;
            case MD_ALIGN_CENTER:
                append(" align=\"center\">");
                break;
            case MD_ALIGN_RIGHT:
                append(" align=\"right\">");
                break;
            default:
                append(">");
                break;
            }
            break;
        }
        return 0;
    }

    int leaveBlock(MD_BLOCKTYPE type, void *detail)
    {
        if (overBudget())
            return 1;
        if (m_kramdown) {
            // kramdown closes the inline HTML a paragraph leaves open, where it ends.
            for (auto it = m_openTags.rbegin(); it != m_openTags.rend(); ++it) {
                append("</");
                append(it->constData(), it->size());
                append(">");
            }
            m_openTags.clear();
            m_rawSpanDepth = 0;
            m_textEnd = -1;
            m_afterBreak = false;
            if (!m_blockStack.empty())
                m_blockStack.pop_back();
        }
        switch (type) {
        case MD_BLOCK_DOC:
            break;
        case MD_BLOCK_HTML:
            --m_htmlBlockDepth;
            break;
        case MD_BLOCK_HR:
            closeElement();
            break;
        case MD_BLOCK_QUOTE:
            closeSourceLineBlock();
            closeElement();
            append("</blockquote>\n");
            break;
        case MD_BLOCK_UL:
            closeElement();
            append("</ul>\n");
            break;
        case MD_BLOCK_OL:
            closeElement();
            append("</ol>\n");
            break;
        case MD_BLOCK_LI:
            closeSourceLineBlock();
            closeElement();
            append("</li>\n");
            break;
        case MD_BLOCK_H:
            closeSourceLineBlock();
            closeElement();
            if (m_kramdown)
                finishHeading();
            append("</h");
            appendHeadingLevel(detail);
            append(">\n");
            break;
        case MD_BLOCK_CODE:
            closeSourceLineBlock();
            closeElement();
            append("</code></pre>\n");
            break;
        case MD_BLOCK_P:
            closeSourceLineBlock();
            closeElement();
            append("</p>\n");
            break;
        case MD_BLOCK_TABLE:
            closeSourceLineBlock();
            closeElement();
            append("</table>\n");
            break;
        case MD_BLOCK_THEAD:
            append("</thead>\n");
            break;
        case MD_BLOCK_TBODY:
            append("</tbody>\n");
            break;
        case MD_BLOCK_TR:
            closeSourceLineBlock();
            append("</tr>\n");
            break;
        case MD_BLOCK_TH:
            append("</th>\n");
            break;
        case MD_BLOCK_TD:
            append("</td>\n");
            break;
        }
        if (m_kramdown)
            trackListLeave(type);
        return 0;
    }

    int enterSpan(MD_SPANTYPE type, void *detail)
    {
        if (overBudget())
            return 1;
        // An image's label may hold emphasis, links and further images, but it lands in the alt
        // attribute where tags cannot go: only its text is kept.
        if (m_imageDepth > 0) {
            if (type == MD_SPAN_IMG)
                ++m_imageDepth;
            return 0;
        }
        m_textEnd = -1;
        switch (type) {
        case MD_SPAN_EM:
            append("<em");
            openElement(true);
            append(">");
            break;
        case MD_SPAN_STRONG:
            append("<strong");
            openElement(true);
            append(">");
            break;
        case MD_SPAN_A: {
            const auto *a = static_cast<MD_SPAN_A_DETAIL *>(detail);
            append("<a");
            openElement(true);
            append(" href=\"");
            appendAttribute(a->href, UrlEscape);
            append("\"");
            if (a->title.text) {
                append(" title=\"");
                appendAttribute(a->title, HtmlEscape);
                append("\"");
            }
            append(">");
            break;
        }
        case MD_SPAN_IMG:
            append("<img");
            openElement(true);
            append(" src=\"");
            appendAttribute(static_cast<MD_SPAN_IMG_DETAIL *>(detail)->src, UrlEscape);
            append("\" alt=\"");
            m_imageDepth = 1;
            break;
        case MD_SPAN_CODE:
            append("<code");
            openElement(true);
            append(">");
            break;
        case MD_SPAN_DEL:
            append("<del");
            openElement(true);
            append(">");
            break;
        default: // Math, wiki links and underline are not enabled by the GitHub dialect.
            break;
        }
        return 0;
    }

    int leaveSpan(MD_SPANTYPE type, void *detail)
    {
        if (overBudget())
            return 1;
        if (m_imageDepth > 0) {
            // md4c-html closes the tag at the innermost image, spilling the rest of the outer
            // label into the paragraph; we close it at the outer one, as CommonMark specifies.
            if (type == MD_SPAN_IMG && --m_imageDepth == 0) {
                const auto *img = static_cast<MD_SPAN_IMG_DETAIL *>(detail);
                if (img->title.text) {
                    append("\" title=\"");
                    appendAttribute(img->title, HtmlEscape);
                }
                append("\">");
                closeElement();
            }
            return 0;
        }
        m_textEnd = -1;
        switch (type) {
        case MD_SPAN_EM:
            closeElement();
            append("</em>");
            break;
        case MD_SPAN_STRONG:
            closeElement();
            append("</strong>");
            break;
        case MD_SPAN_A:
            closeElement();
            append("</a>");
            break;
        case MD_SPAN_CODE:
            closeElement();
            append("</code>");
            break;
        case MD_SPAN_DEL:
            closeElement();
            append("</del>");
            break;
        default:
            break;
        }
        return 0;
    }

    int text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size)
    {
        if (overBudget())
            return 1;
        // Some texts (code indentation, breaks) come from md4c's static strings, not the input;
        // they wait for the next text that does.
        const auto offset =
            reinterpret_cast<uintptr_t>(text) - reinterpret_cast<uintptr_t>(m_input);
        const bool fromInput = offset < static_cast<uintptr_t>(m_inputSize);
        if (fromInput)
            m_lastInputEnd = static_cast<qsizetype>(offset) + size;
        if (!m_pending.empty() && fromInput)
            resolvePending(lineAt(static_cast<qsizetype>(offset)));
        if (m_kramdown)
            return kramdownText(type, text, size, fromInput ? static_cast<qsizetype>(offset) : -1);
        switch (type) {
        case MD_TEXT_NULLCHAR:
            append("\xEF\xBF\xBD");
            break;
        case MD_TEXT_BR:
            if (m_imageDepth == 0)
                append("<br>\n");
            else
                append(" ");
            break;
        case MD_TEXT_SOFTBR:
            append(m_imageDepth == 0 ? "\n" : " ", 1);
            break;
        case MD_TEXT_HTML:
        case MD_TEXT_ENTITY: // Kept verbatim: the browser decodes them.
            append(text, size);
            break;
        default:
            appendEscaped(text, size, HtmlEscape);
            break;
        }
        return 0;
    }

    // kramdown's reading of text: typography, markers from KramdownFlavor::prepare, inline HTML
    // as kramdown's span parser treats it, and the text a heading's id is made of.
    int kramdownText(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, qsizetype offset)
    {
        if (type != MD_TEXT_HTML)
            m_lastSpan.at = -1; // a span attribute list must follow its span directly
        switch (type) {
        case MD_TEXT_NULLCHAR:
            append("\xEF\xBF\xBD");
            m_textEnd = -1;
            break;
        case MD_TEXT_BR:
        case MD_TEXT_SOFTBR:
            if (m_imageDepth > 0)
                append(" ");
            else if (type == MD_TEXT_BR)
                append("<br>\n");
            else
                append("\n");
            if (m_inHeading)
                m_headingText += ' ';
            m_textEnd = -1;
            m_afterBreak = true;
            return 0;
        case MD_TEXT_HTML:
            kramdownHtml(std::string_view(text, size));
            m_textEnd = -1;
            break;
        case MD_TEXT_ENTITY:
            append(text, size);
            if (m_inHeading)
                m_headingText += decodeEntity(std::string_view(text, size));
            m_textEnd = -1;
            // KramdownFlavor's stand-in for a lone ~ is plain text to the quotes after it.
            if (offset >= 0 && std::string_view(text, size) == KramdownFlavor::TildeEntity) {
                m_textEnd = offset + size;
                m_entityChar = '~';
                return 0;
            }
            break;
        case MD_TEXT_NORMAL:
            if (m_imageDepth == 0 && m_rawSpanDepth == 0 && offset >= 0) {
                appendTypeset(text, size, offset);
                break;
            }
            appendEscaped(text, size, HtmlEscape);
            m_textEnd = -1;
            break;
        default:
            appendEscaped(text, size, HtmlEscape);
            if (m_inHeading && m_imageDepth == 0)
                m_headingText.append(text, size);
            m_textEnd = -1;
            break;
        }
        m_afterBreak = false;
        m_entityChar = 0;
        return 0;
    }

    void appendTypeset(const char *text, qsizetype size, qsizetype offset)
    {
        QByteArray plain;
        qsizetype start = 0;
        char before = 0;
        // md4c dropped the backslash of an escape: the character is literal, and to kramdown
        // nothing comes before what follows it.
        if (offset > 0 && m_input[offset - 1] == '\\' && size > 0 &&
            std::strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", text[0])) {
            plain.append(text[0]);
            start = 1;
        } else if (offset == m_textEnd && offset > 0) {
            before = m_entityChar ? m_entityChar : m_input[offset - 1];
        } else if (m_afterBreak) {
            before = '\n';
        }
        const qsizetype end = offset + size;
        // What follows, as kramdown sees it: KramdownFlavor's tilde entities are tildes again.
        char afterBytes[4];
        size_t afterSize = 0;
        const std::string_view tilde = KramdownFlavor::TildeEntity;
        for (qsizetype at = end; at < m_inputSize && afterSize < sizeof afterBytes;) {
            if (std::string_view(m_input + at,
                                 std::min<qsizetype>(m_inputSize - at, tilde.size())) == tilde) {
                afterBytes[afterSize++] = '~';
                at += static_cast<qsizetype>(tilde.size());
            } else {
                afterBytes[afterSize++] = m_input[at++];
            }
        }
        const std::string_view after(afterBytes, afterSize);
        m_entityChar = 0;
        plain +=
            KramdownFlavor::typeset(std::string_view(text + start, size - start), after, before);
        appendEscaped(plain.constData(), plain.size(), HtmlEscape);
        if (m_inHeading)
            m_headingText += plain;
        m_textEnd = end;
    }

    void kramdownHtml(std::string_view html)
    {
        const std::string_view htmlMarker = KramdownFlavor::HtmlMarker;
        const std::string_view listMarker = KramdownFlavor::AttributesMarker;
        if (html.substr(0, listMarker.size()) == listMarker) {
            applyAttributes(html.substr(listMarker.size()));
            return;
        }
        if (m_htmlBlockDepth > 0) {
            if (html.substr(0, htmlMarker.size()) == htmlMarker)
                html.remove_prefix(htmlMarker.size());
            if (html.find_first_not_of(" \t\r\n") != std::string_view::npos)
                m_lastBlock.at = -1; // an attribute list after it would be the HTML's
            append(html.data(), static_cast<qsizetype>(html.size()));
            return;
        }
        if (html == htmlMarker)
            return;
        // kramdown's span parser: a closing tag that closes nothing, and a block-level tag in
        // the middle of text, are text, shown as written.
        QByteArray name;
        bool closing = false;
        bool selfClosing = false;
        if (html.size() > 2 && html[0] == '<' && html[1] != '!' && html[1] != '?') {
            size_t i = 1;
            if (html[i] == '/') {
                closing = true;
                ++i;
            }
            while (i < html.size() && (std::isalnum(static_cast<unsigned char>(html[i])) ||
                                       html[i] == '-' || html[i] == ':'))
                name += static_cast<char>(std::tolower(static_cast<unsigned char>(html[i++])));
            selfClosing = html.size() > 2 && html[html.size() - 2] == '/';
        }
        if (name.isEmpty()) {
            append(html.data(), static_cast<qsizetype>(html.size()));
            return;
        }
        if (closing) {
            const auto open = std::find(m_openTags.rbegin(), m_openTags.rend(), name);
            if (open == m_openTags.rend()) {
                appendEscaped(html.data(), static_cast<qsizetype>(html.size()), HtmlEscape);
                return;
            }
            m_openTags.erase(std::next(open).base(), m_openTags.end());
            m_rawSpanDepth =
                static_cast<int>(std::count_if(m_openTags.begin(), m_openTags.end(),
                                               [](const QByteArray &n) { return isRawSpan(n); }));
            append(html.data(), static_cast<qsizetype>(html.size()));
            return;
        }
        if (isBlockElement(name)) {
            appendEscaped(html.data(), static_cast<qsizetype>(html.size()), HtmlEscape);
            return;
        }
        if (!selfClosing && !isVoidElement(name)) {
            m_openTags.push_back(name);
            if (isRawSpan(name))
                ++m_rawSpanDepth;
        }
        append(html.data(), static_cast<qsizetype>(html.size()));
    }

    // Elements whose text kramdown leaves alone (no typography inside).
    static bool isRawSpan(const QByteArray &name)
    {
        return name == "code" || name == "kbd" || name == "samp" || name == "var" ||
               name == "script" || name == "style" || name == "textarea" || name == "pre" ||
               name == "math" || name == "option";
    }

    static bool isVoidElement(const QByteArray &name)
    {
        static const char *const names[] = {
            "area",  "base",   "br",   "col",  "command", "embed",  "hr",    "img",
            "input", "keygen", "link", "meta", "param",   "source", "track", "wbr"};
        return std::any_of(std::begin(names), std::end(names),
                           [&](const char *n) { return name == n; });
    }

    // kramdown's block-level elements, which it will not take as inline HTML.
    static bool isBlockElement(const QByteArray &name)
    {
        static const char *const names[] = {
            "address",    "article",  "aside",  "applet", "body",    "blockquote", "caption",
            "col",        "colgroup", "dd",     "div",    "dl",      "dt",         "fieldset",
            "figcaption", "footer",   "form",   "h1",     "h2",      "h3",         "h4",
            "h5",         "h6",       "header", "hgroup", "hr",      "html",       "head",
            "iframe",     "legend",   "menu",   "li",     "main",    "map",        "nav",
            "ol",         "optgroup", "p",      "pre",    "section", "summary",    "table",
            "tbody",      "td",       "th",     "thead",  "tfoot",   "tr",         "ul"};
        return std::any_of(std::begin(names), std::end(names),
                           [&](const char *n) { return name == n; });
    }

    void applyAttributes(std::string_view rest)
    {
        int index = 0;
        const auto parsed = std::from_chars(rest.data(), rest.data() + rest.size(), index);
        if (parsed.ec != std::errc() || index < 0 || index >= m_kramdown->attributes.size())
            return;
        const KramdownAttributes &list = m_kramdown->attributes.at(index);
        switch (list.target) {
        case KramdownAttributes::Target::PreviousBlock:
            if (m_lastBlock.at < 0)
                return;
            if (list.hasId && m_lastBlock.idStart >= 0) {
                removeRange(m_lastBlock.idStart, m_lastBlock.idEnd);
                m_lastBlock.idStart = m_lastBlock.idEnd = -1;
            }
            insertAt(m_lastBlock.at, list.html);
            break;
        case KramdownAttributes::Target::NextBlock:
            m_nextBlockAttributes += list.html;
            break;
        case KramdownAttributes::Target::PreviousSpan:
            if (m_lastSpan.at >= 0)
                insertAt(m_lastSpan.at, list.html);
            break;
        case KramdownAttributes::Target::Heading:
            for (auto it = m_elements.rbegin(); it != m_elements.rend(); ++it) {
                if (!it->span) {
                    insertAt(it->at, list.html);
                    m_headingHasId = m_headingHasId || list.hasId;
                    break;
                }
            }
            break;
        }
    }

    void finishHeading()
    {
        m_inHeading = false;
        if (!m_headerIds || m_headingHasId || m_lastBlock.at < 0)
            return;
        const QByteArray id =
            KramdownFlavor::headerId(QString::fromUtf8(m_headingText), m_headingIds);
        if (id.isEmpty())
            return;
        const QByteArray attribute = " id=\"" + id + '"';
        const qsizetype at = m_lastBlock.at;
        insertAt(at, attribute);
        m_lastBlock.idStart = at;
        m_lastBlock.idEnd = at + attribute.size();
    }

    static QByteArray decodeEntity(std::string_view entity)
    {
        if (entity.size() < 3)
            return {};
        const std::string_view name = entity.substr(1, entity.size() - 2);
        if (name[0] == '#') {
            unsigned code = 0;
            const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
            const char *from = name.data() + (hex ? 2 : 1);
            std::from_chars(from, name.data() + name.size(), code, hex ? 16 : 10);
            if (code == 0 || code > 0x10FFFF)
                return {};
            const char32_t c = code;
            return QString::fromUcs4(&c, 1).toUtf8();
        }
        static const QHash<QByteArray, QByteArray> named = {
            {"amp", "&"},  {"lt", "<"},          {"gt", ">"},          {"quot", "\""},
            {"apos", "'"}, {"nbsp", "\xC2\xA0"}, {"copy", "\xC2\xA9"}, {"reg", "\xC2\xAE"},
        };
        return named.value(QByteArray(name.data(), static_cast<qsizetype>(name.size())));
    }

    // Attributes go right after an element's tag name; for kramdown, where that is is kept
    // until an attribute list or a header id wants it.
    void openElement(bool span = false)
    {
        if (!m_kramdown)
            return;
        m_elements.push_back({m_size, span});
        if (!span && !m_nextBlockAttributes.isEmpty()) {
            append(m_nextBlockAttributes.constData(), m_nextBlockAttributes.size());
            m_nextBlockAttributes.clear();
        }
    }

    void closeElement()
    {
        if (!m_kramdown || m_elements.empty())
            return;
        const ElementMark element = m_elements.back();
        m_elements.pop_back();
        (element.span ? m_lastSpan : m_lastBlock) = element;
    }

    void shiftMarks(qsizetype at, qsizetype by)
    {
        auto shift = [&](qsizetype &offset) {
            if (offset > at)
                offset += by;
        };
        for (ElementMark &e : m_elements)
            shift(e.at);
        for (ElementMark *e : {&m_lastBlock, &m_lastSpan}) {
            shift(e->at);
            shift(e->idStart);
            shift(e->idEnd);
        }
        for (qsizetype &p : m_pending)
            shift(p);
    }

    void insertAt(qsizetype at, const QByteArray &bytes)
    {
        const qsizetype n = bytes.size();
        if (n == 0 || at < 0 || at > m_size)
            return;
        reserve(m_size + n);
        std::memmove(m_data + at + n, m_data + at, m_size - at);
        std::memcpy(m_data + at, bytes.constData(), n);
        m_size += n;
        shiftMarks(at, n);
    }

    void removeRange(qsizetype from, qsizetype to)
    {
        if (from < 0 || to <= from || to > m_size)
            return;
        std::memmove(m_data + from, m_data + to, m_size - to);
        m_size -= to - from;
        // Marks inside the removed bytes end up where they were cut out.
        auto clamp = [&](qsizetype &offset) {
            if (offset > from && offset < to)
                offset = to;
        };
        for (ElementMark &e : m_elements)
            clamp(e.at);
        for (ElementMark *e : {&m_lastBlock, &m_lastSpan}) {
            clamp(e->at);
            clamp(e->idStart);
            clamp(e->idEnd);
        }
        for (qsizetype &p : m_pending)
            clamp(p);
        shiftMarks(to - 1, -(to - from));
    }

    // kramdown decides item by item whether a list item's first paragraph is a <p>: it is not
    // when no blank line follows it in the item (and, for the last item, unless every item
    // before it had one). md4c wraps all of them in a loose list; the wrong ones are unwrapped
    // when the list closes.
    void trackListEnter(MD_BLOCKTYPE type, void *detail)
    {
        if (!m_blockStack.empty() && m_blockStack.back() == MD_BLOCK_LI && !m_lists.empty() &&
            !m_lists.back().items.empty()) {
            ListItemState &item = m_lists.back().items.back();
            if (++item.children == 1 && type == MD_BLOCK_P) {
                item.firstIsP = true;
                item.pOpen = m_size;
            }
        }
        if (type == MD_BLOCK_UL)
            m_lists.push_back({!static_cast<MD_BLOCK_UL_DETAIL *>(detail)->is_tight, {}});
        else if (type == MD_BLOCK_OL)
            m_lists.push_back({!static_cast<MD_BLOCK_OL_DETAIL *>(detail)->is_tight, {}});
        else if (type == MD_BLOCK_LI && !m_lists.empty())
            m_lists.back().items.push_back({});
        m_blockStack.push_back(type);
    }

    void trackListLeave(MD_BLOCKTYPE type)
    {
        if (type == MD_BLOCK_P && !m_blockStack.empty() && m_blockStack.back() == MD_BLOCK_LI &&
            !m_lists.empty() && !m_lists.back().items.empty()) {
            ListItemState &item = m_lists.back().items.back();
            if (item.firstIsP && item.children == 1 && item.pClose < 0) {
                item.pCloseEnd = m_size;
                item.pClose = m_size - static_cast<qsizetype>(sizeof("</p>\n") - 1);
                item.blankAfter = blankLineFollows(m_lastInputEnd);
            }
            return;
        }
        if ((type != MD_BLOCK_UL && type != MD_BLOCK_OL) || m_lists.empty())
            return;
        const ListState list = std::move(m_lists.back());
        m_lists.pop_back();
        if (!list.loose)
            return;
        const size_t count = list.items.size();
        std::vector<std::pair<qsizetype, qsizetype>> cuts;
        bool earlierBare = false; // an earlier item without a <p> first
        for (size_t i = 0; i < count; ++i) {
            const ListItemState &item = list.items[i];
            if (!item.firstIsP || item.pClose < 0) {
                earlierBare = true;
                continue;
            }
            const bool last = i + 1 == count;
            const bool noBlankAfter = !item.blankAfter || (last && item.children == 1);
            if (!noBlankAfter || (last && count > 1 && !earlierBare))
                continue;
            earlierBare = true;
            const qsizetype openEnd = QByteArrayView(m_data, m_size).indexOf('>', item.pOpen) + 1;
            if (openEnd <= 0 || openEnd > item.pClose)
                continue;
            cuts.push_back({item.pOpen, openEnd});
            cuts.push_back({item.pClose, item.pCloseEnd});
        }
        removeRanges(cuts);
    }

    // Cuts sorted, disjoint ranges out of the output in one pass, however many there are.
    void removeRanges(const std::vector<std::pair<qsizetype, qsizetype>> &cuts)
    {
        if (cuts.empty())
            return;
        qsizetype write = cuts.front().first;
        for (size_t i = 0; i < cuts.size(); ++i) {
            const qsizetype from = cuts[i].second;
            const qsizetype to = i + 1 < cuts.size() ? cuts[i + 1].first : m_size;
            std::memmove(m_data + write, m_data + from, to - from);
            write += to - from;
        }
        // A mark moves back by what was cut before it; one inside a cut lands where it was.
        auto moved = [&](qsizetype &offset) {
            if (offset < 0)
                return;
            qsizetype removed = 0;
            for (const auto &[from, to] : cuts) {
                if (offset <= from)
                    break;
                removed += std::min(offset, to) - from;
            }
            offset -= removed;
        };
        for (ElementMark &e : m_elements)
            moved(e.at);
        for (ElementMark *e : {&m_lastBlock, &m_lastSpan}) {
            moved(e->at);
            moved(e->idStart);
            moved(e->idEnd);
        }
        for (qsizetype &p : m_pending)
            moved(p);
        m_size = write;
    }

    // Whether the line after the one holding input offset `at` is blank (or there is none
    // with text, as at the end of the input).
    bool blankLineFollows(qsizetype at) const
    {
        const char *end = m_input + m_inputSize;
        const char *p = static_cast<const char *>(std::memchr(
            m_input + std::min(at, m_inputSize), '\n', end - m_input - std::min(at, m_inputSize)));
        if (!p)
            return false;
        for (++p; p < end && *p != '\n'; ++p) {
            if (*p != ' ' && *p != '\t' && *p != '\r')
                return false;
        }
        return p < end;
    }

    void appendHeadingLevel(void *detail)
    {
        const unsigned level = static_cast<MD_BLOCK_H_DETAIL *>(detail)->level;
        const char digit = static_cast<char>('0' + std::clamp(level, 1u, 6u));
        append(&digit, 1);
    }

    // The line of a block is only known at its first text, so the place for the attribute is
    // remembered and the attribute slid in once that text arrives.
    void markSourceLine()
    {
        if (m_sourceLines)
            m_pending.push_back(m_size);
    }

    // A block that got no text of its own keeps its tag without the attribute; the blocks around
    // it would otherwise get a line from somewhere after it.
    void closeSourceLineBlock() { resolvePending(-1); }

    void resolvePending(int line)
    {
        if (m_pending.empty())
            return;
        if (line >= 0) {
            char attribute[48];
            const qsizetype length = formatLineAttribute(attribute, line);
            const auto count = static_cast<qsizetype>(m_pending.size());
            reserve(m_size + count * length);
            // The pending tags all sit in the last few bytes of output: shift them apart from the
            // end, dropping the attribute into each gap.
            qsizetype end = m_size;
            for (qsizetype i = count - 1; i >= 0; --i) {
                const qsizetype at = m_pending[i];
                std::memmove(m_data + at + (i + 1) * length, m_data + at, end - at);
                std::memcpy(m_data + at + i * length, attribute, length);
                end = at;
            }
            m_size += count * length;
        }
        m_pending.clear();
    }

    static qsizetype formatLineAttribute(char *out, int line)
    {
        static constexpr std::string_view head = " data-source-line=\"";
        std::memcpy(out, head.data(), head.size());
        char *end = std::to_chars(out + head.size(), out + 40, line).ptr;
        *end++ = '"';
        return end - out;
    }

    void appendLineAttribute(int line)
    {
        char attribute[48];
        append(attribute, formatLineAttribute(attribute, line));
    }

    // Offsets arrive almost always in increasing order, so counting newlines forward from the
    // last one is linear over the whole render; a backward step falls back to a binary search.
    int lineAt(qsizetype offset)
    {
        offset = std::clamp<qsizetype>(offset, 0, m_inputSize);
        if (offset >= m_cursorOffset) {
            const char *p = m_input + m_cursorOffset;
            const char *end = m_input + offset;
            while (p < end) {
                p = static_cast<const char *>(std::memchr(p, '\n', end - p));
                if (!p)
                    break;
                ++p;
                ++m_cursorLine;
            }
        } else {
            if (m_newlines.empty()) {
                for (qsizetype i = 0; i < m_inputSize; ++i) {
                    if (m_input[i] == '\n')
                        m_newlines.push_back(i);
                }
            }
            const auto before = std::lower_bound(m_newlines.begin(), m_newlines.end(), offset);
            m_cursorLine = m_firstLine + static_cast<int>(before - m_newlines.begin());
        }
        m_cursorOffset = offset;
        return m_cursorLine;
    }

    void reserve(qsizetype capacity)
    {
        if (capacity <= m_capacity)
            return;
        m_capacity = std::max(capacity, m_capacity * 2);
        m_html.resize(m_capacity);
        m_data = m_html.data();
    }

    void append(const char *text, qsizetype size)
    {
        reserve(m_size + size);
        std::memcpy(m_data + m_size, text, size);
        m_size += size;
    }

    template <size_t N> void append(const char (&literal)[N]) { append(literal, N - 1); }

    void appendNumber(unsigned value)
    {
        char digits[16];
        append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr - digits);
    }

    // Copies runs of plain bytes at once; only the few bytes in `flag`'s class are rewritten.
    void appendEscaped(const char *text, qsizetype size, EscapeFlag flag)
    {
        static constexpr char hex[] = "0123456789ABCDEF";
        while (size > 0) {
            const qsizetype chunk = std::min(size, kEscapeChunk);
            reserve(m_size + chunk * kMaxEscapeGrowth);
            char *out = m_data + m_size;
            qsizetype i = 0;
            while (i < chunk) {
                qsizetype run = i;
                while (run < chunk &&
                       !(kEscapes.flags[static_cast<unsigned char>(text[run])] & flag))
                    ++run;
                std::memcpy(out, text + i, run - i);
                out += run - i;
                if (run == chunk)
                    break;
                const auto c = static_cast<unsigned char>(text[run]);
                if (flag == UrlEscape && c != '&') {
                    *out++ = '%';
                    *out++ = hex[c >> 4];
                    *out++ = hex[c & 0xF];
                } else {
                    const std::string_view replacement = c == '&'   ? "&amp;"
                                                         : c == '<' ? "&lt;"
                                                         : c == '>' ? "&gt;"
                                                         : c == '"' ? "&quot;"
                                                                    : "";
                    out = std::copy(replacement.begin(), replacement.end(), out);
                }
                i = run + 1;
            }
            m_size = out - m_data;
            text += chunk;
            size -= chunk;
        }
    }

    // An attribute is split into substrings by md4c; entities and NULs are treated as in text.
    void appendAttribute(const MD_ATTRIBUTE &attribute, EscapeFlag flag)
    {
        for (int i = 0; attribute.substr_offsets[i] < attribute.size; ++i) {
            const MD_OFFSET begin = attribute.substr_offsets[i];
            const MD_OFFSET end = attribute.substr_offsets[i + 1];
            switch (attribute.substr_types[i]) {
            case MD_TEXT_NULLCHAR:
                append("\xEF\xBF\xBD");
                break;
            case MD_TEXT_ENTITY:
                append(attribute.text + begin, end - begin);
                break;
            default:
                appendEscaped(attribute.text + begin, end - begin, flag);
                break;
            }
        }
    }

    // Cuts truncated output where a browser will not show half a tag, entity or character.
    qsizetype saneCut(qsizetype cut) const
    {
        while (cut > 0 && cut < m_size && (static_cast<unsigned char>(m_data[cut]) & 0xC0) == 0x80)
            --cut;
        const std::string_view kept(m_data, cut);
        const size_t tag = kept.find_last_of("<>");
        if (tag != std::string_view::npos && kept[tag] == '<')
            cut = tag;
        // md4c accepts named entities up to 48 characters long.
        const qsizetype window = std::min<qsizetype>(cut, 64);
        const std::string_view tail(m_data + cut - window, window);
        // A '&' followed by a '>' was inside a complete tag of raw HTML.
        const size_t entity = tail.find_last_of("&;>");
        if (entity != std::string_view::npos && tail[entity] == '&')
            cut -= window - entity;
        return cut;
    }

    const char *m_input;
    qsizetype m_inputSize;
    qsizetype m_maxOutput;
    bool m_sourceLines;
    int m_firstLine;
    int m_cursorLine;
    qsizetype m_cursorOffset = 0;

    QByteArray m_html;
    char *m_data = nullptr;
    qsizetype m_size = 0;
    qsizetype m_capacity = 0;
    int m_imageDepth = 0;

    // Output offsets where blocks still waiting for their line want the attribute.
    std::vector<qsizetype> m_pending;

    // The Kramdown dialect's state; m_kramdown is null for GitHub.
    struct ElementMark
    {
        qsizetype at = -1; // output offset right after the tag name
        bool span = false;
        qsizetype idStart = -1; // the automatic id of a heading, which an IAL id replaces
        qsizetype idEnd = -1;
    };
    const KramdownSource *m_kramdown = nullptr;
    bool m_headerIds = false;
    std::vector<ElementMark> m_elements;
    ElementMark m_lastBlock;
    ElementMark m_lastSpan;
    QByteArray m_nextBlockAttributes;
    std::vector<QByteArray> m_openTags; // inline HTML elements open in the current block
    int m_rawSpanDepth = 0;
    int m_htmlBlockDepth = 0;
    qsizetype m_textEnd = -1; // input offset where the last plain text ended
    bool m_afterBreak = false;
    char m_entityChar = 0; // the character an entity right before the text run stands for
    bool m_inHeading = false;
    bool m_headingHasId = false;
    QByteArray m_headingText;
    QHash<QByteArray, int> m_headingIds;
    struct ListItemState
    {
        qsizetype pOpen = -1; // where the first paragraph's <p …> and </p>\n are
        qsizetype pClose = -1;
        qsizetype pCloseEnd = -1;
        bool firstIsP = false;
        bool blankAfter = false;
        int children = 0;
    };
    struct ListState
    {
        bool loose = false;
        std::vector<ListItemState> items;
    };
    std::vector<ListState> m_lists;
    std::vector<MD_BLOCKTYPE> m_blockStack;
    qsizetype m_lastInputEnd = 0;
    // Input offsets of every '\n', built on the first backward lookup only.
    std::vector<qsizetype> m_newlines;
};

RenderResult renderPadded(const QByteArray &markdownUtf8, const RenderOptions &options,
                          const KramdownSource *kramdown)
{
    const qsizetype size = markdownUtf8.size();
    // md4c takes a 32-bit size; nothing an editor holds comes near it.
    if (size > static_cast<qsizetype>(UINT_MAX) - kInputPadding)
        return {QByteArray(), true};
    const std::unique_ptr<char[]> padded(new char[size + kInputPadding]);
    std::memcpy(padded.get(), markdownUtf8.constData(), size);
    std::memset(padded.get() + size, 0, kInputPadding);
    return HtmlRenderer(padded.get(), size, options, kramdown).run();
}

// kramdown's footnote list, after the body: each note rendered on its own, its back link put
// into its last paragraph.
void appendFootnotes(RenderResult &result, const KramdownSource &source,
                     const RenderOptions &options)
{
    QByteArray html = "<div class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n";
    for (const KramdownFootnote &note : source.footnotes) {
        RenderOptions noteOptions = options;
        noteOptions.firstLine = note.firstLine;
        noteOptions.maxOutputBytes = options.maxOutputBytes - result.html.size() - html.size();
        const RenderResult body = MarkdownRenderer::render(note.markdown, noteOptions);
        if (body.truncated) {
            result.truncated = true;
            return;
        }
        const QByteArray backLink = "&#160;<a href=\"#fnref:" + note.name +
                                    "\" class=\"reversefootnote\" role=\"doc-backlink\">"
                                    "&#8617;</a>";
        QByteArray text = body.html;
        const qsizetype lastParagraph = text.lastIndexOf("</p>");
        if (lastParagraph >= 0 && text.indexOf('<', lastParagraph + 4) < 0)
            text.insert(lastParagraph, backLink);
        else
            text += "<p>" + backLink + "</p>\n";
        html += "<li id=\"fn:" + note.name + "\" role=\"doc-endnote\">\n" + text + "</li>\n";
    }
    html += "</ol>\n</div>\n";
    if (result.html.size() + html.size() > options.maxOutputBytes) {
        result.truncated = true;
        return;
    }
    result.html += html;
}

} // namespace

RenderResult MarkdownRenderer::render(const QByteArray &markdownUtf8, const RenderOptions &options)
{
    if (options.dialect != MarkdownDialect::Kramdown)
        return renderPadded(markdownUtf8, options, nullptr);
    const KramdownSource source = KramdownFlavor::prepare(markdownUtf8, options.firstLine);
    RenderResult result = renderPadded(source.markdown, options, &source);
    if (!result.truncated && !source.footnotes.isEmpty())
        appendFootnotes(result, source, options);
    return result;
}

} // namespace Meetdown
