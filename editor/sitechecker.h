#ifndef MEETDOWN_EDITOR_SITECHECKER_H
#define MEETDOWN_EDITOR_SITECHECKER_H

#include "diagnostic.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace Meetdown {

class Post;
class Site;

// One picture a post shows: `![alt](link)`, `![alt][ref]` with its `[ref]: link` definition, or
// `<img src>`. Offsets index the text that was scanned.
struct ImageReference
{
    enum class Form
    {
        Markdown,
        Reference,
        Html
    };
    Form form = Form::Markdown;
    qsizetype start = 0;      // the `![` or `<img` that shows the picture
    qsizetype linkStart = 0;  // the link as written: inside `<...>` or quotes, at the definition
    qsizetype linkLength = 0; //   for the Reference form (shared by every use of the label)
    QString link;
    bool hasAlt = false;   // Markdown: alt text that is not blank; HTML: an alt attribute at all
    bool quoted = true;    // HTML: the src value is in quotes
    bool inAngles = false; // Markdown: the link is written `<like this>`
};

// Where an image link leads, the way the built site will fetch it.
struct ImageLocation
{
    enum class Kind
    {
        Remote,     // another host, or data:
        Unresolved, // Liquid that only Jekyll can expand
        Local       // a file on this disk: path
    };
    Kind kind = Kind::Remote;
    QString path; // absolute; may not exist
    // For a relative link in a site: the same link read from the post's own folder, which is where
    // a file dropped beside a draft is, but not where the published page looks.
    QString besidePost;
    QString unpublished; // why Jekyll will not publish path (a folder starting with '_'), or ""
    bool missesBaseurl = false; // a site-root link in the body without the site's baseurl
};

// A finding of a whole-site check, for a file named relative to the site root.
struct FileFindings
{
    QString file; // "_config.yml", "_posts/2024-05-01-x.md"
    Diagnostics diagnostics;
};

// The checks that need the site around a post: required fields, local images that do not exist,
// `{% post_url %}` targets, alt text, and posts that Jekyll writes to the same URL. The checks of
// the post alone are PostChecker's; check() and checkPost() include them, so that one call gives
// what `meetdown check` prints.
class SiteChecker final
{
public:
    // The front-matter keys a post must have. `_config.yml` may declare them:
    //   meetdown: { fields: { title: { required: true }, author: { required: true } } }
    // title is required unless the site says `title: { required: false }`. A missing field that
    // _config.yml declares is an error; the default title is a warning, as Jekyll makes one up.
    // The rest of a declared schema (SiteSchema::validate: types, options) gives errors too.
    static QStringList requiredFields(const Site &site);
    // Problems in the site's front-matter schema (`meetdown: fields:` or Prose's metadata) with
    // their _config.yml lines where they can be found; SiteSchema::load reads it.
    static Diagnostics configDiagnostics(const Site &site);

    // Every check of one post; path is its file, site may be invalid (a post outside any site).
    static Diagnostics checkPost(const QString &path, const Post &post, const Site &site,
                                 const QDateTime &now = QDateTime::currentDateTime());
    // The config, every post and every draft; files without findings are left out.
    static QList<FileFindings> check(const Site &site,
                                     const QDateTime &now = QDateTime::currentDateTime());

    // The pictures in a body, code blocks, code spans and HTML comments left out. markdown is
    // false for a post Jekyll does not convert (.html): only <img> counts there.
    static QList<ImageReference> imageReferences(const QString &body, bool markdown = true);
    // Expands the Liquid that stands for the site's address in links, as Jekyll would:
    // {{ site.baseurl }}, {{ site.url }}, {{ "/x" | relative_url }}, {{ "/x" | absolute_url }}.
    static QString expandSiteUrls(const QString &text, const Site &site);
    // frontMatter: the value of `image:`, a path from the site root that themes pass through
    // relative_url, so it is not expected to carry the baseurl.
    static ImageLocation locateImage(const QString &link, const QString &postPath, const Post &post,
                                     const Site &site, bool frontMatter = false);

    SiteChecker() = delete;
};

} // namespace Meetdown

#endif
