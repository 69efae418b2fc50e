#ifndef MEETDOWN_EDITOR_TEXTSTATS_H
#define MEETDOWN_EDITOR_TEXTSTATS_H

#include <QString>

namespace Meetdown {

// Counts for the status bar, taken from a post body (never the front matter). Words are those a
// reader sees: Markdown punctuation, link and image targets, images' alt text, reference
// definitions, HTML tags and comments and Liquid tags are not words. Fenced code counts, since
// the reader sees it. Characters are those of the Markdown source without line breaks, counted
// as code points so that an emoji is one character.
struct TextStats
{
    static constexpr int WordsPerMinute = 200;

    int words = 0;
    int characters = 0;
    // Rounded up, so that a short post reads as "1 min" and only an empty one as 0.
    int readingMinutes = 0;

    // One pass over the text with no allocation per line: a 1 MB body takes a few milliseconds.
    static TextStats of(const QString &markdown);

    friend bool operator==(const TextStats &a, const TextStats &b)
    {
        return a.words == b.words && a.characters == b.characters &&
               a.readingMinutes == b.readingMinutes;
    }
};

} // namespace Meetdown

#endif
