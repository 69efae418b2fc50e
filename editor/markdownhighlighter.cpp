#include "markdownhighlighter.h"

#include <QRegularExpression>
#include <QTextDocument>

#include <algorithm>

namespace Meetdown {

namespace {

// The block state. QSyntaxHighlighter highlights the next block again whenever a block's state
// changes, so the state holds only what the next line needs and never anything that grows with
// the document (a line count, say), or every keystroke would re-highlight to the end.
enum Kind : int
{
    Blank = 0,     // a blank line or the start of the document
    Paragraph = 1, // paragraph text outside lists and quotes: `===` under it makes a heading
    IndentedCode = 2,
    Fence = 3,     // a fenced code block, from its opening line on
    FenceEnd = 4,  // the closing line of a fenced code block
    Comment = 5,   // inside an HTML comment that has not closed yet
    Closed = 6,    // a line nothing continues: heading, rule, reference definition
    QuoteText = 7, // text in a blockquote
};
constexpr int KindMask = 0xF;
constexpr int InList = 0x10;        // inside a list: indented lines continue an item, not code
constexpr int TildeFence = 0x20;    // the open fence is ~~~ rather than ```
constexpr int FenceLengthShift = 8; // how many fence characters opened it (at most 255)

// Marks text that an earlier rule has already claimed, so later rules do not match inside it
// (no emphasis inside code spans or URLs). Positions stay those of the block.
constexpr QChar Claimed = QChar(0x1);

int kindOf(int state)
{
    return state < 0 ? Blank : state & KindMask;
}

// Remembers how a block was drawn, to notice when the line under it changes that.
class BlockData final : public QTextBlockUserData
{
public:
    bool setextHeading = false;
};

bool isBlank(QChar c)
{
    return c == u' ' || c == u'\t';
}

bool isSetextUnderline(const QString &text)
{
    static const QRegularExpression underline(QStringLiteral("^ {0,3}(=+|-+)[ \\t]*$"));
    return underline.match(text).hasMatch();
}

QRegularExpression regex(const char *pattern)
{
    return QRegularExpression(QString::fromLatin1(pattern),
                              QRegularExpression::UseUnicodePropertiesOption);
}

QColor mix(const QColor &a, const QColor &b, qreal towardB)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * towardB),
                            float(a.greenF() + (b.greenF() - a.greenF()) * towardB),
                            float(a.blueF() + (b.blueF() - a.blueF()) * towardB));
}

// Emphasis spans as [start, end) including their delimiters: `length` times `delimiter` on each
// side of at least one character, blanks not touching the inside, and `_` not inside a word.
// Each opener takes the first closer after it, as a lazy regular expression would, but the
// closers are found once: a regular expression rescans the rest of the line for every opener,
// which made a long line of unclosed stars take seconds per keystroke.
QList<std::pair<int, int>> pairDelimiters(const QString &text, int from, QChar delimiter,
                                          int length)
{
    const int size = int(text.size());
    const bool single = length == 1;
    const bool wordBound = delimiter == u'_';
    auto at = [&](int i) {
        return i >= 0 && i < size ? text[i] : QChar();
    };
    auto isWord = [](QChar c) {
        return c.isLetterOrNumber() || c == u'_';
    };
    auto runAt = [&](int i) {
        for (int k = 0; k < length; ++k) {
            if (at(i + k) != delimiter)
                return false;
        }
        return true;
    };
    auto opens = [&](int i) {
        const QChar before = at(i - 1);
        const QChar after = at(i + length);
        return runAt(i) && !after.isNull() && !after.isSpace() && !(single && after == delimiter) &&
               !(single && before == delimiter) && !(wordBound && isWord(before));
    };
    auto closes = [&](int i) {
        const QChar before = at(i - 1);
        const QChar after = at(i + length);
        return runAt(i) && !before.isNull() && !before.isSpace() &&
               !(single && before == delimiter) && !(single && after == delimiter) &&
               !(wordBound && isWord(after));
    };
    QList<int> closers;
    for (int i = from; i < size; ++i) {
        if (text[i] == delimiter && closes(i))
            closers.append(i);
    }
    QList<std::pair<int, int>> spans;
    qsizetype next = 0;
    for (int i = from; i < size && next < closers.size();) {
        if (text[i] != delimiter || !opens(i)) {
            ++i;
            continue;
        }
        while (next < closers.size() && closers[next] < i + length + 1)
            ++next;
        if (next == closers.size())
            break;
        const int close = closers[next];
        spans.append({i, close + length});
        i = close + length;
    }
    return spans;
}

} // namespace

MarkdownHighlighter::MarkdownHighlighter(QTextDocument *document, QObject *parent)
    : QSyntaxHighlighter(parent ? parent : static_cast<QObject *>(document))
{
    setPalette(QPalette());
    setDocument(document);
}

void MarkdownHighlighter::setDocument(QTextDocument *document)
{
    disconnect(m_contentsChange);
    QSyntaxHighlighter::setDocument(document);
    // Connected after QSyntaxHighlighter's own handler, so the edited blocks are done by now.
    if (document) {
        m_contentsChange = connect(document, &QTextDocument::contentsChange, this,
                                   [this](int position, int, int) { onContentsChange(position); });
    }
}

MarkdownHighlighter::~MarkdownHighlighter() = default;

void MarkdownHighlighter::setPalette(const QPalette &palette)
{
    const QColor text = palette.color(QPalette::Text);
    const QColor base = palette.color(QPalette::Base);
    const bool dark = base.lightnessF() < 0.5;
    // One lightness per theme for every hue keeps them all equally legible on the background.
    auto hue = [dark](int h, int saturation) {
        return QColor::fromHsl(h, saturation, dark ? 180 : 80);
    };
    const QColor muted = mix(text, base, 0.5);
    auto role = [this](Role r) -> QTextCharFormat & {
        return m_formats[std::size_t(r)];
    };
    for (QTextCharFormat &format : m_formats)
        format = QTextCharFormat();

    role(Role::Syntax).setForeground(muted);
    role(Role::Heading).setForeground(hue(215, 170));
    role(Role::Heading).setFontWeight(QFont::Bold);
    role(Role::Emphasis).setFontItalic(true);
    role(Role::Strong).setFontWeight(QFont::Bold);
    role(Role::Strikethrough).setFontStrikeOut(true);
    role(Role::Strikethrough).setForeground(mix(text, base, 0.3));
    role(Role::Code).setForeground(hue(15, 150));
    role(Role::Code).setBackground(mix(base, text, dark ? 0.12 : 0.07));
    role(Role::CodeBlock).setForeground(hue(20, 110));
    role(Role::CodeFence).setForeground(muted);
    role(Role::LinkText).setForeground(hue(195, 200));
    role(Role::ImageText).setForeground(hue(280, 120));
    role(Role::Url).setForeground(muted);
    role(Role::Url).setFontUnderline(true);
    role(Role::ListMarker).setForeground(hue(30, 200));
    role(Role::ListMarker).setFontWeight(QFont::Bold);
    role(Role::Quote).setForeground(mix(text, hue(130, 90), 0.6));
    role(Role::Quote).setFontItalic(true);
    role(Role::Rule).setForeground(muted);
    role(Role::Rule).setFontWeight(QFont::Bold);
    role(Role::HtmlTag).setForeground(hue(330, 120));
    role(Role::HtmlComment).setForeground(muted);
    role(Role::HtmlComment).setFontItalic(true);
    role(Role::Liquid).setForeground(hue(165, 160));
    rehighlight();
}

bool MarkdownHighlighter::isCode(const QTextBlock &block)
{
    const int kind = block.userState() < 0 ? Blank : block.userState() & KindMask;
    return kind == IndentedCode || kind == Fence || kind == FenceEnd;
}

// A setext heading's text is drawn according to the line below it, which QSyntaxHighlighter does
// not know about: when an edit turns a line into `===` (or back), the line above is redone here.
void MarkdownHighlighter::onContentsChange(int position)
{
    if (!document())
        return;
    const QTextBlock edited = document()->findBlock(position);
    const QTextBlock above = edited.previous();
    const auto *data = static_cast<const BlockData *>(above.userData());
    if (!data)
        return; // never highlighted: a full pass is still to come
    const bool wanted = above.userState() == Paragraph && isSetextUnderline(edited.text());
    if (wanted != data->setextHeading)
        rehighlightBlock(above);
}

void MarkdownHighlighter::mergeFormat(int start, int length, const QTextCharFormat &add, bool under)
{
    const int end = std::min(start + length, m_blockLength);
    for (int i = std::max(start, 0); i < end;) {
        const QTextCharFormat current = format(i);
        int j = i + 1;
        while (j < end && format(j) == current)
            ++j;
        QTextCharFormat merged = under ? add : current;
        merged.merge(under ? current : add);
        setFormat(i, j - i, merged);
        i = j;
    }
}

void MarkdownHighlighter::highlightBlock(const QString &text)
{
    ++m_highlightedBlocks;
    m_blockLength = int(text.size());
    auto *data = static_cast<BlockData *>(currentBlockUserData());
    if (!data) {
        data = new BlockData;
        setCurrentBlockUserData(data);
    }
    data->setextHeading = false;

    const int previous = previousBlockState();
    const int previousKind = kindOf(previous);
    int list = previous < 0 ? 0 : previous & InList;

    if (previousKind == Fence) {
        highlightFence(text, previous);
        return;
    }
    if (previousKind == Comment) {
        const int end = int(text.indexOf(QLatin1String("-->")));
        if (end < 0) {
            mergeFormat(0, m_blockLength, Role::HtmlComment);
            setCurrentBlockState(Comment | list);
            return;
        }
        mergeFormat(0, end + 3, Role::HtmlComment);
        const bool opened = highlightInline(text, end + 3);
        setCurrentBlockState((opened ? Comment : Paragraph) | list);
        return;
    }

    int pos = 0;
    int column = 0;
    while (pos < m_blockLength && isBlank(text[pos])) {
        column = text[pos] == u'\t' ? (column / 4 + 1) * 4 : column + 1;
        ++pos;
    }
    if (pos == m_blockLength) {
        setCurrentBlockState(Blank | list);
        return;
    }
    if (column >= 4 && !list &&
        (previousKind == Blank || previousKind == IndentedCode || previousKind == Closed ||
         previousKind == FenceEnd)) {
        highlightCode(text, 0);
        setCurrentBlockState(IndentedCode);
        return;
    }
    // Text at the margin after a blank line is no longer part of a list item.
    if (column == 0 && previousKind == Blank)
        list = 0;
    // Deeper indentation outside a list is a paragraph's lazy continuation, not structure.
    const bool structure = column <= 3 || list;

    int content = pos;
    int quoteDepth = 0;
    while (structure && content < m_blockLength && text[content] == u'>') {
        mergeFormat(content, 1, Role::Syntax);
        ++quoteDepth;
        ++content;
        while (content < m_blockLength && isBlank(text[content]))
            ++content;
    }
    if (quoteDepth > 0)
        mergeFormat(content, m_blockLength - content, Role::Quote);
    const QString rest = text.mid(content);

    bool listItem = false;
    if (structure) {
        static const QRegularExpression fence = regex("^(`{3,}|~{3,})\\s*([^`]*)$");
        static const QRegularExpression atx = regex("^(#{1,6})(?:[ \\t]+|$)");
        static const QRegularExpression closingHashes = regex("[ \\t]+#+[ \\t]*$");
        static const QRegularExpression rule = regex("^([-*_])(?:[ \\t]*\\1){2,}[ \\t]*$");
        static const QRegularExpression item =
            regex("^([-*+]|\\d{1,9}[.)])(?:([ \\t]+)(\\[[ xX]\\](?=[ \\t]|$))?|$)");
        static const QRegularExpression reference =
            regex("^(\\[)([^\\]]+)(\\]:)[ \\t]*(<[^>]*>|\\S+)([ \\t]+(?:\"[^\"]*\"|'[^']*'|"
                  "\\([^)]*\\)))?[ \\t]*$");
        static const QRegularExpression tableDelimiter =
            regex("^\\|?[ \\t]*:?-+:?[ \\t]*(\\|[ \\t]*:?-+:?[ \\t]*)+\\|?[ \\t]*$");

        const int lineList = column > 0 ? list : 0; // a block at the margin ends a list
        if (const auto m = fence.match(rest); m.hasMatch()) {
            mergeFormat(content, m_blockLength - content, Role::CodeFence);
            mergeFormat(content + int(m.capturedStart(2)), int(m.capturedLength(2)),
                        Role::CodeBlock);
            const int length = std::min(int(m.capturedLength(1)), 255);
            setCurrentBlockState(Fence | lineList | (rest.startsWith(u'~') ? TildeFence : 0) |
                                 (length << FenceLengthShift));
            return;
        }
        if (const auto m = atx.match(rest); m.hasMatch()) {
            mergeFormat(content, m_blockLength - content, Role::Heading);
            mergeFormat(content, int(m.capturedLength(1)), Role::Syntax);
            const auto closing = closingHashes.match(rest);
            if (closing.hasMatch())
                mergeFormat(content + int(closing.capturedStart()), int(closing.capturedLength()),
                            Role::Syntax);
            highlightInline(text, content + int(m.capturedLength()));
            setCurrentBlockState(Closed | lineList);
            return;
        }
        if (previous == Paragraph && quoteDepth == 0 && column <= 3 && isSetextUnderline(text)) {
            mergeFormat(content, m_blockLength - content, Role::Heading);
            mergeFormat(content, m_blockLength - content, Role::Syntax);
            setCurrentBlockState(Closed);
            return;
        }
        if (rule.match(rest).hasMatch()) {
            mergeFormat(content, m_blockLength - content, Role::Rule);
            setCurrentBlockState(Closed | lineList);
            return;
        }
        if (const auto m = item.match(rest); m.hasMatch()) {
            listItem = true;
            list = InList;
            mergeFormat(content, int(m.capturedLength(1)), Role::ListMarker);
            if (m.capturedLength(3) > 0)
                mergeFormat(content + int(m.capturedStart(3)), 3, Role::ListMarker);
            content += int(m.capturedLength());
        } else if (const auto r = reference.match(rest); r.hasMatch()) {
            mergeFormat(content, 1, Role::Syntax);
            mergeFormat(content + int(r.capturedStart(2)), int(r.capturedLength(2)),
                        Role::LinkText);
            mergeFormat(content + int(r.capturedStart(3)), 2, Role::Syntax);
            mergeFormat(content + int(r.capturedStart(4)), int(r.capturedLength(4)), Role::Url);
            if (r.capturedLength(5) > 0)
                mergeFormat(content + int(r.capturedStart(5)), int(r.capturedLength(5)),
                            Role::Syntax);
            setCurrentBlockState(Closed | list);
            return;
        } else if (rest.contains(u'|') && tableDelimiter.match(rest).hasMatch()) {
            mergeFormat(content, m_blockLength - content, Role::Syntax);
            setCurrentBlockState(Paragraph | list);
            return;
        }
    }

    const bool opened = highlightInline(text, content);
    int state = quoteDepth > 0 ? QuoteText : Paragraph;
    if (opened)
        state = Comment;
    state |= list;
    setCurrentBlockState(state);
    if (state == Paragraph && !listItem && isSetextUnderline(currentBlock().next().text())) {
        mergeFormat(pos, m_blockLength - pos, Role::Heading, true);
        data->setextHeading = true;
    }
}

void MarkdownHighlighter::highlightFence(const QString &text, int state)
{
    const QChar fenceChar = (state & TildeFence) ? u'~' : u'`';
    const int fenceLength = (state >> FenceLengthShift) & 0xFF;
    // A fence opened inside a quote closes behind its `>` markers.
    int i = 0;
    while (i < m_blockLength && (isBlank(text[i]) || text[i] == u'>'))
        ++i;
    int run = 0;
    while (i + run < m_blockLength && text[i + run] == fenceChar)
        ++run;
    if (run >= fenceLength && QStringView(text).sliced(i + run).trimmed().isEmpty()) {
        mergeFormat(0, m_blockLength, Role::CodeFence);
        setCurrentBlockState(FenceEnd | (state & InList));
        return;
    }
    highlightCode(text, 0);
    setCurrentBlockState(state);
}

void MarkdownHighlighter::highlightCode(const QString &text, int from)
{
    mergeFormat(from, m_blockLength - from, Role::CodeBlock);
    // Jekyll expands Liquid before Markdown, in code blocks too, so it is shown there as well.
    highlightLiquid(text, from);
}

void MarkdownHighlighter::highlightLiquid(const QString &text, int from)
{
    static const QRegularExpression liquid = regex("\\{%.*?%\\}|\\{\\{.*?\\}\\}");
    for (auto it = liquid.globalMatch(text, from); it.hasNext();) {
        const auto m = it.next();
        mergeFormat(int(m.capturedStart()), int(m.capturedLength()), Role::Liquid);
    }
}

bool MarkdownHighlighter::highlightInline(const QString &text, int from)
{
    if (from >= m_blockLength)
        return false;
    QString work = text;
    auto claim = [&work](qsizetype start, qsizetype length) {
        std::fill(work.begin() + start, work.begin() + start + length, Claimed);
    };
    claim(0, from);

    // Liquid first: Jekyll expands it before Markdown sees the text, even inside code spans.
    static const QRegularExpression liquid = regex("\\{%.*?%\\}|\\{\\{.*?\\}\\}");
    for (auto it = liquid.globalMatch(work, from); it.hasNext();) {
        const auto m = it.next();
        mergeFormat(int(m.capturedStart()), int(m.capturedLength()), Role::Liquid);
        claim(m.capturedStart(), m.capturedLength());
    }

    // Code spans and backslash escapes, left to right since each can hide the other.
    for (int i = from; i < m_blockLength;) {
        const QChar c = work[i];
        if (c == u'\\' && i + 1 < m_blockLength && work[i + 1].unicode() < 128 &&
            work[i + 1].isPunct()) {
            mergeFormat(i, 1, Role::Syntax);
            claim(i, 2);
            i += 2;
            continue;
        }
        if (c != u'`') {
            ++i;
            continue;
        }
        int run = 1;
        while (i + run < m_blockLength && work[i + run] == u'`')
            ++run;
        int close = i + run;
        while (close < m_blockLength) {
            if (work[close] != u'`') {
                ++close;
                continue;
            }
            int closeRun = 1;
            while (close + closeRun < m_blockLength && work[close + closeRun] == u'`')
                ++closeRun;
            if (closeRun == run)
                break;
            close += closeRun;
        }
        if (close >= m_blockLength) {
            i += run;
            continue;
        }
        mergeFormat(i, close + run - i, Role::Code, true);
        mergeFormat(i, run, Role::Syntax);
        mergeFormat(close, run, Role::Syntax);
        claim(i, close + run - i);
        i = close + run;
    }

    // HTML comments; one left open goes on in the next block.
    for (qsizetype at = from; (at = work.indexOf(QLatin1String("<!--"), at)) >= 0;) {
        const qsizetype end = work.indexOf(QLatin1String("-->"), at + 4);
        if (end < 0) {
            mergeFormat(int(at), m_blockLength - int(at), Role::HtmlComment);
            return true;
        }
        mergeFormat(int(at), int(end + 3 - at), Role::HtmlComment);
        claim(at, end + 3 - at);
        at = end + 3;
    }

    static const QRegularExpression autolink =
        regex("<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\\s<>\\x01]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@"
              "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,"
              "61}[A-Za-z0-9])?)*)>");
    // A complete tag, or one whose attributes go on over the next lines.
    static const QRegularExpression tag =
        regex("</?[A-Za-z][A-Za-z0-9-]*(?:\\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\\s*=\\s*(?:[^\\s\"'="
              "<>`\\x01]+|'[^'\\x01]*'|\"[^\"\\x01]*\"))?)*\\s*(?:/?>|$)");
    static const QRegularExpression link =
        regex("(!?)\\[((?:[^\\[\\]]|\\[[^\\[\\]]*\\])*)\\](?:(\\()\\s*(<[^<>]*>|[^\\s()]*(?:\\([^"
              "\\s()]*\\)[^\\s()]*)*)(\\s+(?:\"[^\"]*\"|'[^']*'|\\([^()]*\\)))?\\s*(\\))|(\\[)([^"
              "\\[\\]]*)(\\]))");
    static const QRegularExpression shortcutReference = regex("\\[([^\\[\\]\\x01]+)\\](?![(\\[:])");
    static const QRegularExpression bareUrl =
        regex("(?:\\bhttps?://|\\bwww\\.)[^\\s<>\\x01]*[^\\s<>\\x01.,:;\"')\\]*_~]");

    for (auto it = autolink.globalMatch(work, from); it.hasNext();) {
        const auto m = it.next();
        mergeFormat(int(m.capturedStart()), 1, Role::Syntax);
        mergeFormat(int(m.capturedStart()) + 1, int(m.capturedLength()) - 2, Role::Url);
        mergeFormat(int(m.capturedEnd()) - 1, 1, Role::Syntax);
        claim(m.capturedStart(), m.capturedLength());
    }
    for (auto it = tag.globalMatch(work, from); it.hasNext();) {
        const auto m = it.next();
        mergeFormat(int(m.capturedStart()), int(m.capturedLength()), Role::HtmlTag);
        claim(m.capturedStart(), m.capturedLength());
    }

    // Twice, for an image inside a link's text: `[![alt](photo.jpg)](page.html)`.
    for (int pass = 0; pass < 2; ++pass) {
        bool found = false;
        for (auto it = link.globalMatch(work, from); it.hasNext();) {
            const auto m = it.next();
            found = true;
            const bool image = m.capturedLength(1) > 0;
            const int textStart = int(m.capturedStart(2));
            mergeFormat(int(m.capturedStart()), textStart - int(m.capturedStart()), Role::Syntax);
            mergeFormat(textStart, int(m.capturedLength(2)),
                        image ? Role::ImageText : Role::LinkText, true);
            mergeFormat(int(m.capturedEnd(2)), 1, Role::Syntax);
            if (m.capturedLength(3) > 0) { // (destination "title")
                mergeFormat(int(m.capturedStart(3)), 1, Role::Syntax);
                mergeFormat(int(m.capturedStart(4)), int(m.capturedLength(4)), Role::Url, true);
                mergeFormat(int(m.capturedStart(5)), int(m.capturedLength(5)), Role::Syntax);
                mergeFormat(int(m.capturedStart(6)), 1, Role::Syntax);
            } else { // [reference]
                mergeFormat(int(m.capturedStart(7)), int(m.capturedEnd(9) - m.capturedStart(7)),
                            Role::Syntax);
            }
            claim(m.capturedStart(), textStart - m.capturedStart());
            claim(m.capturedEnd(2), m.capturedEnd() - m.capturedEnd(2));
        }
        if (!found)
            break;
    }
    for (auto it = shortcutReference.globalMatch(work, from); it.hasNext();) {
        const auto m = it.next();
        if (m.captured(1).trimmed().isEmpty())
            continue;
        mergeFormat(int(m.capturedStart()), 1, Role::Syntax);
        mergeFormat(int(m.capturedStart(1)), int(m.capturedLength(1)), Role::LinkText, true);
        mergeFormat(int(m.capturedEnd(1)), 1, Role::Syntax);
        claim(m.capturedStart(), 1);
        claim(m.capturedEnd(1), 1);
    }
    for (auto it = bareUrl.globalMatch(work, from); it.hasNext();) {
        const auto m = it.next();
        mergeFormat(int(m.capturedStart()), int(m.capturedLength()), Role::Url);
        claim(m.capturedStart(), m.capturedLength());
    }

    // Emphasis last, so that its delimiters inside code, URLs or tags are left alone.
    auto delimited = [&](QChar delimiter, int length, Role role) {
        for (const auto &[start, end] : pairDelimiters(work, from, delimiter, length)) {
            mergeFormat(start, end - start, role);
            mergeFormat(start, length, Role::Syntax);
            mergeFormat(end - length, length, Role::Syntax);
            claim(start, length);
            claim(end - length, length);
        }
    };
    delimited(u'*', 2, Role::Strong);
    delimited(u'_', 2, Role::Strong);
    delimited(u'*', 1, Role::Emphasis);
    delimited(u'_', 1, Role::Emphasis);
    delimited(u'~', 2, Role::Strikethrough);
    return false;
}

} // namespace Meetdown
