#ifndef MEETDOWN_PREVIEW_KRAMDOWNFLAVOR_H
#define MEETDOWN_PREVIEW_KRAMDOWNFLAVOR_H

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <string_view>

namespace Meetdown {

// A kramdown attribute list ({: .class #id key="value"}) as HTML, with what it belongs to.
struct KramdownAttributes
{
    enum class Target
    {
        PreviousBlock, // the IAL line follows the block directly
        NextBlock,     // a blank line before the IAL line, the block right after it
        PreviousSpan,  // [link](/x){:target="_blank"}, *em*{: .x}
        Heading,       // ## Title {#id}
    };
    Target target = Target::PreviousBlock;
    // Escaped and ready to insert after a tag name: ` id="x" class="a b" target="_blank"`.
    QByteArray html;
    // Set when the list names an id: it replaces the id a heading would get automatically.
    bool hasId = false;
};

struct KramdownFootnote
{
    QByteArray name;     // as written: [^name]
    int number = 0;      // 1-based, in the order of the first reference
    QByteArray markdown; // the definition's text, continuation indentation removed
    int firstLine = 1;   // file line of its first byte
};

// The text md4c parses in place of what kramdown would read, with what md4c cannot express kept
// aside. Line for line the same as the input, so data-source-line stays right.
struct KramdownSource
{
    QByteArray markdown;
    QList<KramdownAttributes> attributes; // indexed by the markers in markdown
    QList<KramdownFootnote> footnotes;    // referenced ones only, by number
};

// What Jekyll's kramdown (GFM input, Jekyll's options) does differently from md4c's GitHub
// dialect, for MarkdownRenderer's Kramdown dialect. Behaviour was taken from running kramdown 2.4
// on examples; see tst_kramdownflavor for the cases that pin it down.
class KramdownFlavor final
{
public:
    // Markers the renderer replaces; they are HTML comments so md4c passes them through as
    // raw HTML: an attribute list by index, and a line that kramdown reads as (part of) an HTML
    // block where md4c would not, or the reverse.
    static constexpr std::string_view AttributesMarker = "<!--kd-ial ";
    static constexpr std::string_view HtmlMarker = "<!--kd-->";
    // A single ~ (md4c would strike through ~text~, kramdown only ~~text~~); the renderer
    // reads it as the plain character it stands for.
    static constexpr const char *TildeEntity = "&#126;";

    // Rewrites kramdown syntax md4c does not know into markers and raw HTML: attribute lists,
    // attribute list definitions, header ids, footnotes, HTML blocks by kramdown's rules, lone
    // `#` lines, and definition lists (term lines, then `: definition` lines), which it renders
    // here, item by item, into HTML lines in their place. firstLine is the file line of the
    // first byte (footnotes keep their lines).
    static KramdownSource prepare(const QByteArray &markdown, int firstLine = 1);

    // Smart quotes, dashes, ellipses and guillemets as kramdown sets them in text. before is the
    // character right before text in the same run of kramdown text (0 at the start of a
    // paragraph, a link text, an emphasis, or after another span); after is the source that
    // follows, which the quote rules look at. The result is UTF-8, not yet HTML-escaped.
    static QByteArray typeset(std::string_view text, std::string_view after, char before);

    // The id kramdown's GFM parser gives a header with this text: lower case, only word
    // characters, '-', and spaces made '-'; used counts earlier ids, for "-1", "-2" suffixes.
    static QByteArray headerId(const QString &text, QHash<QByteArray, int> &used);

    // {: .a #b c="d"} contents (without the braces and colon) as HTML attributes; names of
    // attribute list definitions are looked up in definitions.
    static KramdownAttributes parseAttributeList(std::string_view list,
                                                 const QHash<QByteArray, QByteArray> &definitions,
                                                 KramdownAttributes::Target target);

    KramdownFlavor() = delete;
};

} // namespace Meetdown

#endif
