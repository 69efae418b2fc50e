#ifndef MEETDOWN_EDITOR_MARKDOWNHIGHLIGHTER_H
#define MEETDOWN_EDITOR_MARKDOWNHIGHLIGHTER_H

#include <QPalette>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

#include <array>

namespace Meetdown {

// Colours Markdown (CommonMark and GitHub's extensions) plus Jekyll's Liquid tags, block by block.
// Constructs that span lines (fenced code, HTML comments, indented code, lists) travel in the
// block state; it is a pure function of the text above, so an edit re-highlights the next block
// only when the edit changed that state: typing costs one block, whatever the document's size.
class MarkdownHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MarkdownHighlighter)
public:
    enum class Role
    {
        Syntax, // punctuation that only marks structure: `#`, `**`, `>`, brackets
        Heading,
        Emphasis,
        Strong,
        Strikethrough,
        Code,      // an inline code span
        CodeBlock, // the text of a fenced or indented code block
        CodeFence, // the ``` lines around a fenced block
        LinkText,
        ImageText,
        Url,
        ListMarker,
        Quote,
        Rule,
        HtmlTag,
        HtmlComment,
        Liquid,
        Count
    };

    // Owned by `parent`, or else by the document, as QSyntaxHighlighter is.
    explicit MarkdownHighlighter(QTextDocument *document, QObject *parent = nullptr);
    ~MarkdownHighlighter() override;

    // Hides QSyntaxHighlighter::setDocument (which is not virtual): the highlighter also watches
    // the document's edits, for setext headings.
    void setDocument(QTextDocument *document);

    // Colours are derived from the palette, so light and dark themes both stay readable.
    void setPalette(const QPalette &palette);
    QTextCharFormat format(Role role) const { return m_formats.at(std::size_t(role)); }

    // Whether a highlighted block is code (fenced or indented), where Markdown editing aids such
    // as list continuation must stay out of the way.
    static bool isCode(const QTextBlock &block);

    // How many times a block has been highlighted: lets tests check that an edit re-highlights
    // only what it must.
    quint64 highlightedBlockCount() const { return m_highlightedBlocks; }

protected:
    void highlightBlock(const QString &text) override;

private:
    using QSyntaxHighlighter::format;

    void onContentsChange(int position);
    void highlightFence(const QString &text, int state);
    void highlightCode(const QString &text, int from);
    // Returns true when an HTML comment opens and does not close on this line.
    bool highlightInline(const QString &text, int from);
    void highlightLiquid(const QString &text, int from);
    // Adds a format to what the range already has. Laid `under`, what is there wins: a heading
    // keeps the colours of the links in it.
    void mergeFormat(int start, int length, const QTextCharFormat &format, bool under = false);
    void mergeFormat(int start, int length, Role role, bool under = false)
    {
        mergeFormat(start, length, format(role), under);
    }

    std::array<QTextCharFormat, std::size_t(Role::Count)> m_formats;
    QMetaObject::Connection m_contentsChange;
    quint64 m_highlightedBlocks = 0;
    int m_blockLength = 0; // of the block being highlighted
};

} // namespace Meetdown

#endif
