#ifndef MEETDOWN_EDITOR_JEKYLLRULES_H
#define MEETDOWN_EDITOR_JEKYLLRULES_H

#include <QDate>
#include <QDateTime>
#include <QString>
#include <QTimeZone>
#include <QVariant>

#include <optional>

namespace Meetdown {

// What Jekyll 4.3 makes of a post's file name.
struct PostFileName
{
    bool matches = false; // YYYY-MM-DD-slug.ext; Jekyll skips any other file in _posts silently
    QDate date;           // invalid when the digits are no date: Jekyll then stops the build
    QString slug;
    QString extension; // with the dot
};

class JekyllRules final
{
public:
    // Utils.slugify in its default mode: runs of anything but letters, marks and decimal digits
    // become '-', leading and trailing '-' go, and the result is lower case.
    static QString slugify(const QString &text);
    // Utils.slugify in "pretty" mode, as the :title placeholder uses it (cased).
    static QString slugifyPretty(const QString &text);

    // The slug for a new post's file name: slugify, cut to a length every file system takes.
    static QString fileSlug(const QString &title);

    static PostFileName parsePostFileName(const QString &fileName);
    static QString postFileName(const QDate &date, const QString &slug);
    static QString draftFileName(const QString &slug);
    // The name a new post saved in folder gets from its title: YYYY-MM-DD-slug.md, or slug.md for
    // a draft, with -2, -3… after the slug when a file of that name is there already, so that a
    // new post is never offered another's name. Empty when the title gives no slug.
    static QString newPostFileName(const QString &folder, const QString &title, const QDate &date,
                                   bool draft);
    static bool isMarkdownExtension(const QString &extension);
    // Jekyll's EntryFilter drops names starting with '.', '_' or '#' or ending with '~'.
    static bool isIgnoredName(const QString &fileName);
    // text with what Liquid does not run blanked out: {% raw %} and {% comment %} blocks (to the
    // end when unclosed) become spaces, line breaks kept, so offsets and lines stay those of
    // text. A tag found in the result is one Jekyll runs.
    static QString withoutInertLiquid(const QString &text);

    // "2024-05-01 18:30:00 +0530", the form Jekyll and its docs use.
    static QString formatDate(const QDateTime &dateTime, const QTimeZone &zone);
    // The point in time Jekyll takes from a front-matter `date` (a Time, a Date, or a string it
    // parses), with dates and zone-less times read in `zone`. nullopt when Jekyll cannot parse it.
    static std::optional<QDateTime> postDate(const QVariant &value, const QTimeZone &zone);
    // A wall-clock time in a zone; a time skipped by daylight saving moves forward.
    static QDateTime inZone(const QDate &date, const QTime &time, const QTimeZone &zone);

    JekyllRules() = delete;
};

} // namespace Meetdown

#endif
