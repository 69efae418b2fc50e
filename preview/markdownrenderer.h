#ifndef MEETDOWN_PREVIEW_MARKDOWNRENDERER_H
#define MEETDOWN_PREVIEW_MARKDOWNRENDERER_H

#include <QByteArray>
#include <QtGlobal>

namespace Meetdown {

struct RenderOptions
{
    // md4c can turn a small table into gigabytes of HTML; past this the parse is aborted.
    qsizetype maxOutputBytes = 64 * 1024 * 1024;
    // Emit data-source-line="N" on block elements so the preview can scroll with the editor.
    bool sourceLines = false;
    // File line number of the first byte of the Markdown passed in (the body follows front matter).
    int firstLine = 1;
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
    // GitHub dialect (tables, strikethrough, task lists, permissive autolinks). Raw HTML is kept,
    // as Jekyll keeps it; the preview's Content-Security-Policy is what keeps it inert.
    static RenderResult render(const QByteArray &markdownUtf8, const RenderOptions &options = {});

    MarkdownRenderer() = delete;
};

} // namespace Meetdown

#endif
