#ifndef MEETDOWN_PREVIEW_MARKDOWNRENDERER_H
#define MEETDOWN_PREVIEW_MARKDOWNRENDERER_H

#include <QByteArray>
#include <QtGlobal>

namespace Meetdown {

enum class MarkdownDialect
{
    // md4c's GitHub dialect, byte for byte what md_html writes.
    GitHub,
    // What Jekyll's kramdown (GFM input, Jekyll's options) makes of the same text: smart quotes
    // and dashes, no links made of bare URLs, header ids, attribute lists ({: .class}),
    // footnotes, and HTML blocks where kramdown sees them. See KramdownFlavor.
    Kramdown,
};

struct RenderOptions
{
    // md4c can turn a small table into gigabytes of HTML; past this the parse is aborted.
    qsizetype maxOutputBytes = 64 * 1024 * 1024;
    // Emit data-source-line="N" on block elements so the preview can scroll with the editor.
    bool sourceLines = false;
    // File line number of the first byte of the Markdown passed in (the body follows front matter).
    int firstLine = 1;
    MarkdownDialect dialect = MarkdownDialect::GitHub;
    // kramdown's automatic ids on headings (<h2 id="agenda">), for in-page links; Kramdown
    // dialect only. Ids written in the text ({#agenda}) are always kept.
    bool headerIds = false;
};

struct RenderResult
{
    QByteArray html;
    // The output bound was hit: html holds what was rendered before the parse was aborted.
    bool truncated = false;
};

class MarkdownRenderer final
{
public:
    // GitHub dialect (tables, strikethrough, task lists, permissive autolinks) unless the options
    // ask for kramdown's. Raw HTML is kept, as Jekyll keeps it; the preview's
    // Content-Security-Policy is what keeps it inert.
    static RenderResult render(const QByteArray &markdownUtf8, const RenderOptions &options = {});

    MarkdownRenderer() = delete;
};

} // namespace Meetdown

#endif
