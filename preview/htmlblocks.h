#ifndef MEETDOWN_PREVIEW_HTMLBLOCKS_H
#define MEETDOWN_PREVIEW_HTMLBLOCKS_H

#include <QByteArray>
#include <QList>

namespace Meetdown {

// One top-level piece of rendered HTML that a browser parses the same on its own as in place,
// so the preview can replace the pieces a keystroke changed and keep the rest of the page.
struct HtmlBlock
{
    QByteArray html;
    // html without the values of its data-source-line attributes, and those values in order:
    // a block that only moved down the file keeps its shape and shifts its lines.
    QByteArray shape;
    QList<int> lines;
};

// How to turn the blocks a page shows into the next ones: keep `head` blocks at the start and
// `tail` at the end (adding `shift` to the source lines of the tail), replace the rest.
struct BlockPatch
{
    qsizetype head = 0;
    qsizetype tail = 0;
    int shift = 0;
};

class HtmlBlocks final
{
public:
    // Cuts after a newline where an HTML parser would have no element open and no formatting
    // element left to reopen. Raw HTML that leaves an element open (or breaks the tracking)
    // only makes the blocks larger: a single block for everything is always correct.
    static QList<HtmlBlock> split(const QByteArray &html);
    static BlockPatch diff(const QList<HtmlBlock> &shown, const QList<HtmlBlock> &next);

    HtmlBlocks() = delete;
};

} // namespace Meetdown

#endif
