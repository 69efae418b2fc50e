#include "textstats.h"

#include <QStringView>

#include <algorithm>
#include <array>
#include <vector>

namespace Meetdown {

namespace {

bool isBlank(QChar c)
{
    return c == u' ' || c == u'\t';
}

bool isAsciiLetter(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

// Scripts written without spaces between words: each character is counted as a word, the usual
// convention of word counters, rather than a whole sentence as one.
bool isIdeograph(char16_t c)
{
    return (c >= 0x3040 && c <= 0x30FF)     // Hiragana, Katakana
           || (c >= 0x3400 && c <= 0x4DBF)  // CJK extension A
           || (c >= 0x4E00 && c <= 0x9FFF)  // CJK unified ideographs
           || (c >= 0xF900 && c <= 0xFAFF); // CJK compatibility ideographs
}

// Walks the body line by line. Block structure that spans lines (fenced code, HTML comments,
// tags broken over lines) is the only state carried from one line to the next.
class WordScanner final
{
public:
    int words() const { return m_words; }

    void scanLine(QStringView line)
    {
        m_notFoundFrom.fill(line.size() + 1);
        m_partnersFound = false;
        qsizetype i = 0;
        if (m_inTag) {
            const qsizetype end = line.indexOf(u'>');
            if (end < 0) {
                // HTML cannot hold a blank line inside a tag, so one ends it either way.
                m_inTag = !line.trimmed().isEmpty();
                return;
            }
            m_inTag = false;
            scanInline(line, end + 1);
            return;
        }
        if (m_inComment) {
            const qsizetype end = line.indexOf(u"-->");
            if (end < 0)
                return;
            m_inComment = false;
            scanInline(line, end + 3);
            return;
        }
        while (i < line.size() && isBlank(line[i]))
            ++i;
        if (m_fenceLength > 0) {
            if (closesFence(line, i))
                m_fenceLength = 0;
            else
                scanInline(line, 0, false);
            return;
        }
        while (i < line.size() && line[i] == u'>') {
            ++i;
            while (i < line.size() && isBlank(line[i]))
                ++i;
        }
        if (opensFence(line, i) || isReferenceDefinition(line, i))
            return;
        i = afterListMarker(line, i);
        scanInline(line, i);
    }

private:
    bool opensFence(QStringView line, qsizetype i)
    {
        if (i >= line.size() || (line[i] != u'`' && line[i] != u'~'))
            return false;
        const QChar fence = line[i];
        qsizetype run = 0;
        while (i + run < line.size() && line[i + run] == fence)
            ++run;
        if (run < 3)
            return false;
        if (fence == u'`' && line.indexOf(u'`', i + run) >= 0)
            return false; // an inline code span such as ```a```
        m_fenceChar = fence;
        m_fenceLength = run;
        return true;
    }

    bool closesFence(QStringView line, qsizetype i) const
    {
        qsizetype run = 0;
        while (i + run < line.size() && line[i + run] == m_fenceChar)
            ++run;
        return run >= m_fenceLength && line.sliced(i + run).trimmed().isEmpty();
    }

    // `[label]: url "title"` renders as nothing. Footnotes (`[^1]: text`) do render, so they stay.
    bool isReferenceDefinition(QStringView line, qsizetype i)
    {
        if (i >= line.size() || line[i] != u'[' || (i + 1 < line.size() && line[i + 1] == u'^'))
            return false;
        const qsizetype close = partner(line, i);
        return close > i + 1 && close + 1 < line.size() && line[close + 1] == u':';
    }

    static qsizetype afterListMarker(QStringView line, qsizetype i)
    {
        qsizetype j = i;
        if (j < line.size() && (line[j] == u'-' || line[j] == u'*' || line[j] == u'+')) {
            ++j;
        } else {
            while (j < line.size() && j - i < 9 && line[j].isDigit())
                ++j;
            if (j == i || j >= line.size() || (line[j] != u'.' && line[j] != u')'))
                return i;
            ++j;
        }
        if (j < line.size() && !isBlank(line[j]))
            return i;
        while (j < line.size() && isBlank(line[j]))
            ++j;
        // A task box: `[ ]` or `[x]` followed by a blank.
        if (j + 3 < line.size() && line[j] == u'[' && line[j + 2] == u']' && isBlank(line[j + 3]) &&
            (line[j + 1] == u' ' || line[j + 1] == u'x' || line[j + 1] == u'X')) {
            j += 4;
        }
        return j;
    }

    // The index of the bracket or parenthesis closing the one at `open`, or -1. All of a line's
    // pairs are found in one pass the first time one is asked for, so that a line of brackets
    // that never close costs no more than one that does.
    qsizetype partner(QStringView line, qsizetype open)
    {
        if (!m_partnersFound) {
            m_partnersFound = true;
            m_partners.assign(std::size_t(line.size()), -1);
            m_squares.clear();
            m_rounds.clear();
            for (qsizetype i = 0; i < line.size(); ++i) {
                const QChar c = line[i];
                if (c == u'\\') {
                    ++i;
                } else if (c == u'[' || c == u'(') {
                    (c == u'[' ? m_squares : m_rounds).push_back(i);
                } else if ((c == u']' && !m_squares.empty()) || (c == u')' && !m_rounds.empty())) {
                    std::vector<qsizetype> &opened = c == u']' ? m_squares : m_rounds;
                    m_partners[std::size_t(opened.back())] = i;
                    opened.pop_back();
                }
            }
        }
        return m_partners[std::size_t(open)];
    }

    enum Closer
    {
        TagEnd,
        CommentEnd,
        LiquidTagEnd,
        LiquidOutputEnd,
        CloserCount
    };

    // indexOf for what closes a construct. Once a closer is missing from some position on, it is
    // missing from any later one: remembering that keeps a line of unclosed `{{` or `<a` linear.
    qsizetype findCloser(QStringView line, Closer closer, qsizetype from)
    {
        static const std::array<QStringView, CloserCount> needles = {u">", u"-->", u"%}", u"}}"};
        if (from >= m_notFoundFrom[closer])
            return -1;
        const qsizetype found = line.indexOf(needles[closer], from);
        if (found < 0)
            m_notFoundFrom[closer] = from;
        return found;
    }

    void endWord()
    {
        if (m_hasLetter)
            ++m_words;
        m_hasLetter = false;
    }

    // Skips what the reader does not see, starting at a character that may open it, and returns
    // where scanning goes on; returns `i` when nothing is skipped.
    qsizetype skipMarkup(QStringView line, qsizetype i)
    {
        const qsizetype n = line.size();
        const QChar c = line[i];
        const QChar next = i + 1 < n ? line[i + 1] : QChar();
        if (c == u'<') {
            if (line.sliced(i).startsWith(u"<!--")) {
                const qsizetype end = findCloser(line, CommentEnd, i + 4);
                if (end < 0) {
                    m_inComment = true;
                    return n;
                }
                return end + 3;
            }
            if (isAsciiLetter(next) || next == u'/' || next == u'!' || next == u'?') {
                qsizetype nameEnd = i + 1;
                while (nameEnd < n && (isAsciiLetter(line[nameEnd]) || line[nameEnd].isDigit()))
                    ++nameEnd;
                const qsizetype end = findCloser(line, TagEnd, i + 1);
                if (end >= 0) {
                    // An autolink shows its address: one word.
                    const QStringView inside = line.sliced(i + 1, end - i - 1);
                    if (isAsciiLetter(next) && !inside.contains(u' ') &&
                        (inside.contains(u':') || inside.contains(u'@'))) {
                        endWord();
                        ++m_words;
                    }
                    return end + 1;
                }
                // A tag whose attributes go on over the next lines; `a<b` in prose is no tag.
                const bool standsAlone = i == 0 || isBlank(line[i - 1]);
                if (standsAlone && isAsciiLetter(next) &&
                    (nameEnd == n || isBlank(line[nameEnd]))) {
                    m_inTag = true;
                    return n;
                }
            }
            return i;
        }
        if (c == u'{' && (next == u'%' || next == u'{')) {
            const qsizetype end =
                findCloser(line, next == u'%' ? LiquidTagEnd : LiquidOutputEnd, i + 2);
            return end < 0 ? i : end + 2;
        }
        if (c == u'!' && next == u'[') {
            const qsizetype close = partner(line, i + 1);
            if (close < 0 || close + 1 >= n)
                return i;
            const qsizetype end = line[close + 1] == u'('
                                      ? partner(line, close + 1)
                                      : (line[close + 1] == u'[' ? partner(line, close + 1) : -1);
            return end < 0 ? i : end + 1;
        }
        if (c == u']' && (next == u'(' || next == u'[')) {
            const qsizetype end = partner(line, i + 1);
            return end < 0 ? i : end + 1;
        }
        if (c == u'&') {
            qsizetype j = i + 1;
            if (j < n && line[j] == u'#')
                ++j;
            while (j < n && j - i <= 32 && line[j].isLetterOrNumber())
                ++j;
            if (j < n && j > i + 1 && line[j] == u';') {
                const QStringView name = line.sliced(i + 1, j - i - 1);
                if (name == u"nbsp" || name == u"#160")
                    endWord();
                return j + 1;
            }
        }
        return i;
    }

    void scanInline(QStringView line, qsizetype i, bool markdown = true)
    {
        const qsizetype n = line.size();
        while (i < n) {
            const QChar c = line[i];
            if (markdown) {
                if (c == u'\\' && i + 1 < n && line[i + 1].isPunct()) {
                    i += 2; // an escaped character is punctuation, part of the word around it
                    continue;
                }
                if (c == u'<' || c == u'{' || c == u'!' || c == u']' || c == u'&') {
                    const qsizetype after = skipMarkup(line, i);
                    if (after != i) {
                        // A link's target is invisible: `[a](url)b` reads as one word "ab".
                        if (c != u'&' && c != u']')
                            endWord();
                        i = after;
                        continue;
                    }
                }
                if (c == u'|') { // table cells
                    endWord();
                    ++i;
                    continue;
                }
            }
            if (c.isSpace()) {
                endWord();
            } else if (isIdeograph(c.unicode())) {
                endWord();
                ++m_words;
            } else if (c.isLetterOrNumber()) {
                m_hasLetter = true;
            }
            ++i;
        }
        endWord();
    }

    int m_words = 0;
    bool m_hasLetter = false;
    bool m_inComment = false;
    bool m_inTag = false;
    QChar m_fenceChar;
    qsizetype m_fenceLength = 0;
    std::array<qsizetype, CloserCount> m_notFoundFrom{};
    bool m_partnersFound = false;
    std::vector<qsizetype> m_partners;
    std::vector<qsizetype> m_squares; // brackets still open while pairing
    std::vector<qsizetype> m_rounds;
};

} // namespace

TextStats TextStats::of(const QString &markdown)
{
    TextStats stats;
    WordScanner scanner;
    const QStringView text(markdown);
    qsizetype lineStart = 0;
    while (lineStart <= text.size()) {
        qsizetype lineEnd = text.indexOf(u'\n', lineStart);
        if (lineEnd < 0)
            lineEnd = text.size();
        QStringView line = text.sliced(lineStart, lineEnd - lineStart);
        if (line.endsWith(u'\r'))
            line.chop(1);
        stats.characters += int(line.size());
        for (const QChar c : line) {
            if (c.isLowSurrogate())
                --stats.characters;
        }
        scanner.scanLine(line);
        lineStart = lineEnd + 1;
    }
    stats.words = scanner.words();
    stats.readingMinutes = (stats.words + WordsPerMinute - 1) / WordsPerMinute;
    return stats;
}

} // namespace Meetdown
