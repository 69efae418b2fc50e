#ifndef MEETDOWN_PREVIEW_LIQUID_H
#define MEETDOWN_PREVIEW_LIQUID_H

#include <QByteArray>
#include <QList>
#include <QString>
#include <QTimeZone>
#include <QVariantMap>

#include <functional>

namespace Meetdown {

// What `{{ site.* }}`, `{{ page.* }}` and `{% post_url %}` see. Values are QVariant trees of
// QVariantMap, QVariantList, QString, numbers, bools, QDate and QDateTime.
struct LiquidContext
{
    QVariantMap site; // _config.yml as Jekyll's `site` (url, baseurl, …)
    QVariantMap page; // the front matter with Jekyll's page fields (url, date, slug, …)
    // The URL (baseurl included) of the post `{% post_url name %}` names, or an empty string
    // when the site has no such post. Unset: every post_url is unresolved.
    std::function<QString(const QString &name)> postUrl;
    // The URL (baseurl included) `{% link path %}` gives the site's file at path, or an empty
    // string when the site has no such file. Unset: every link is unresolved.
    std::function<QString(const QString &path)> linkUrl;
    // Dates written as text ("2015-08-22") and "now" are read in this zone, as Jekyll does.
    QTimeZone timeZone = QTimeZone::systemTimeZone();
};

// Something the preview cannot show as Jekyll would, at a 1-based file position.
struct LiquidIssue
{
    enum class Kind
    {
        UnresolvedPostUrl, // {% post_url x %} names no post: Jekyll stops the build
        UnresolvedLink,    // {% link x %} names no file of the site: Jekyll stops the build
        Include,           // {% include x %}: shown as a placeholder
        UnknownTag,  // a tag Meetdown does not run ({% cycle %}, a stray {% endif %}…): left as
                     // written
        Unclosed,    // {{ or {% without its end, {% if %} without {% endif %}…
        Limit,       // too many loop iterations, too much output or nesting: the preview stopped
        Unavailable, // a loop over what Jekyll has and the preview does not (site.posts): empty
    };
    Kind kind = Kind::UnknownTag;
    int line = 0;
    int column = 0;   // in characters, 1-based
    QString argument; // the post name, the included file, the tag name, the collection
};

struct LiquidResult
{
    QByteArray text;
    QList<LiquidIssue> issues;
};

// Jekyll runs Liquid over a post before kramdown sees it; so does the preview, with the tags and
// filters meetup posts use, and Liquid's control flow (if, unless, case, for, assign, capture)
// with Liquid 5's semantics as Jekyll 4.3 runs it. Output keeps the source's line count where it
// can (a {% comment %} or an {% if %} not taken leaves its line breaks, a {% highlight %} block
// spans the lines its code did), so the renderer's data-source-line stays right; a loop's lines
// cannot. Loops and output are bounded: past the bounds the render stops with a Limit issue.
class Liquid final
{
public:
    static LiquidResult render(const QByteArray &source, const LiquidContext &context,
                               int firstLine = 1);
    // The post_url and link tags whose target cannot be found, for `check` to flag.
    static QList<LiquidIssue> unresolvedPostUrls(const QByteArray &source,
                                                 const LiquidContext &context, int firstLine = 1);
    // Cheap test: without "{{" or "{%" there is nothing to do.
    static bool hasMarkup(const QByteArray &source);

    // Ruby's Time#strftime for the formats posts use (%b %d, %-d, %Y-%m-%d %H:%M…).
    static QString strftime(const QDateTime &time, const QString &format);

    Liquid() = delete;
};

} // namespace Meetdown

#endif
