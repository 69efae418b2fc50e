#include "markdownrenderer.h"

#include <md4c.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

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
    HtmlRenderer(const char *input, qsizetype size, const RenderOptions &options)
        : m_input(input), m_inputSize(size),
          m_maxOutput(std::max<qsizetype>(options.maxOutputBytes, 0)),
          m_sourceLines(options.sourceLines), m_firstLine(options.firstLine),
          m_cursorLine(options.firstLine)
    {
        // HTML with source lines runs to about 1.5 times its Markdown; reserving that up front
        // saves copying a multi-megabyte buffer while it grows.
        reserve(std::min(size + size * 2 / 3, m_maxOutput) + 256);
    }

    RenderResult run()
    {
        MD_PARSER parser = {};
        parser.flags = MD_DIALECT_GITHUB;
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
        switch (type) {
        case MD_BLOCK_DOC:
        case MD_BLOCK_HTML:
            break;
        case MD_BLOCK_QUOTE:
            append("<blockquote");
            markSourceLine();
            append(">\n");
            break;
        case MD_BLOCK_UL:
            append("<ul>\n");
            break;
        case MD_BLOCK_OL: {
            const unsigned start = static_cast<MD_BLOCK_OL_DETAIL *>(detail)->start;
            if (start == 1) {
                append("<ol>\n");
            } else {
                append("<ol start=\"");
                appendNumber(start);
                append("\">\n");
            }
            break;
        }
        case MD_BLOCK_LI: {
            const auto *li = static_cast<MD_BLOCK_LI_DETAIL *>(detail);
            if (li->is_task) {
                append("<li class=\"task-list-item\"");
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
                markSourceLine();
                append(">");
            }
            break;
        }
        case MD_BLOCK_HR:
            append("<hr>\n");
            break;
        case MD_BLOCK_H:
            append("<h");
            appendHeadingLevel(detail);
            markSourceLine();
            append(">");
            break;
        case MD_BLOCK_CODE: {
            const auto *code = static_cast<MD_BLOCK_CODE_DETAIL *>(detail);
            append("<pre");
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
            markSourceLine();
            append(">");
            break;
        case MD_BLOCK_TABLE:
            append("<table");
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
        switch (type) {
        case MD_BLOCK_DOC:
        case MD_BLOCK_HTML:
        case MD_BLOCK_HR:
            break;
        case MD_BLOCK_QUOTE:
            closeSourceLineBlock();
            append("</blockquote>\n");
            break;
        case MD_BLOCK_UL:
            append("</ul>\n");
            break;
        case MD_BLOCK_OL:
            append("</ol>\n");
            break;
        case MD_BLOCK_LI:
            closeSourceLineBlock();
            append("</li>\n");
            break;
        case MD_BLOCK_H:
            closeSourceLineBlock();
            append("</h");
            appendHeadingLevel(detail);
            append(">\n");
            break;
        case MD_BLOCK_CODE:
            closeSourceLineBlock();
            append("</code></pre>\n");
            break;
        case MD_BLOCK_P:
            closeSourceLineBlock();
            append("</p>\n");
            break;
        case MD_BLOCK_TABLE:
            closeSourceLineBlock();
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
        switch (type) {
        case MD_SPAN_EM:
            append("<em>");
            break;
        case MD_SPAN_STRONG:
            append("<strong>");
            break;
        case MD_SPAN_A: {
            const auto *a = static_cast<MD_SPAN_A_DETAIL *>(detail);
            append("<a href=\"");
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
            append("<img src=\"");
            appendAttribute(static_cast<MD_SPAN_IMG_DETAIL *>(detail)->src, UrlEscape);
            append("\" alt=\"");
            m_imageDepth = 1;
            break;
        case MD_SPAN_CODE:
            append("<code>");
            break;
        case MD_SPAN_DEL:
            append("<del>");
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
            }
            return 0;
        }
        switch (type) {
        case MD_SPAN_EM:
            append("</em>");
            break;
        case MD_SPAN_STRONG:
            append("</strong>");
            break;
        case MD_SPAN_A:
            append("</a>");
            break;
        case MD_SPAN_CODE:
            append("</code>");
            break;
        case MD_SPAN_DEL:
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
        if (!m_pending.empty() && offset < static_cast<uintptr_t>(m_inputSize))
            resolvePending(lineAt(static_cast<qsizetype>(offset)));
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
    // Input offsets of every '\n', built on the first backward lookup only.
    std::vector<qsizetype> m_newlines;
};

} // namespace

RenderResult MarkdownRenderer::render(const QByteArray &markdownUtf8, const RenderOptions &options)
{
    const qsizetype size = markdownUtf8.size();
    // md4c takes a 32-bit size; nothing an editor holds comes near it.
    if (size > static_cast<qsizetype>(UINT_MAX) - kInputPadding)
        return {QByteArray(), true};
    const std::unique_ptr<char[]> padded(new char[size + kInputPadding]);
    std::memcpy(padded.get(), markdownUtf8.constData(), size);
    std::memset(padded.get() + size, 0, kInputPadding);
    return HtmlRenderer(padded.get(), size, options).run();
}

} // namespace Meetdown
