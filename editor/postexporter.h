#ifndef MEETDOWN_EDITOR_POSTEXPORTER_H
#define MEETDOWN_EDITOR_POSTEXPORTER_H

#include "diagnostic.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace Meetdown {

class Post;
class Site;

// One file the export put in the site, or found there already with the same bytes.
struct ExportedFile
{
    QString source;            // the photo that was copied; empty for the post itself
    QString path;              // absolute, in the site
    bool alreadyThere = false; // the same bytes were there: nothing written
};

// A link the export rewrote, with the file line it is on.
struct LinkChange
{
    int line = 0;
    QString from;
    QString to;
};

struct SiteExport
{
    ExportedFile post; // path is `<site>/_posts/YYYY-MM-DD-slug.md`
    QString url;       // where Jekyll publishes it, baseurl included: "/blog/2024/05/01/x.html"
    QList<ExportedFile> photos;
    QList<LinkChange> links;
    // Why the post was not exported. Before anything is written every problem is found; a
    // failure while writing leaves what was written listed above, and is the last error.
    QStringList errors;
    // What `meetdown check` says about the post as it is now in the site.
    Diagnostics findings;

    bool ok() const { return errors.isEmpty(); }
};

struct HtmlExport
{
    QByteArray html;
    QStringList embedded; // the files that went into the page, as data: URIs
    QStringList warnings; // pictures left as links: missing, too large, not local
};

// Moves a post drafted anywhere into a Jekyll site, and makes a page of it to mail. Stateless;
// no dialogs: the window and the command line report what it returns.
class PostExporter final
{
public:
    // Past this a picture is not put in a mailed page: a 20 MB e-mail bounces.
    static constexpr qint64 MaxEmbeddedBytes = 8 * 1024 * 1024;

    // `_posts/YYYY-MM-DD-slug.md`: the date from the front matter in the site's time zone, else
    // the one in the file's name (YYYY-MM-DD-…), else today's; the slug from the title, else from
    // the file name. Empty when neither gives one.
    static QString targetFileName(const QString &postPath, const Post &post, const Site &site,
                                  const QDateTime &now = QDateTime::currentDateTime());

    // Writes the post into siteDir's _posts, copies the local pictures it shows (body and
    // `image:`) as they are into the site's image folder for it (PhotoImporter's rules), and
    // rewrites only those links. Never replaces a file with different bytes. bytes is the post as
    // it is (unsaved edits from the window); postPath is where it lives, for relative links.
    static SiteExport exportToSite(const QString &postPath, const QByteArray &bytes,
                                   const QString &siteDir,
                                   const QDateTime &now = QDateTime::currentDateTime());
    static SiteExport exportToSite(const QString &postPath, const QString &siteDir,
                                   const QDateTime &now = QDateTime::currentDateTime());

    // The post with the Liquid that names the site's address expanded ({{ site.baseurl }}...), as
    // a page outside Jekyll needs it. Only those bytes of the body change.
    static Post withSiteUrlsExpanded(const Post &post, const Site &site);
    // The local pictures of a rendered page replaced by data: URIs. postPath and site say where
    // relative and site-root links lead.
    static HtmlExport embedImages(const QByteArray &html, const QString &postPath, const Post &post,
                                  const Site &site);
    // A page for mailing: renderPage turns the post into a standalone page (the caller's renderer,
    // so that this class needs no Markdown); the pictures are then embedded.
    static HtmlExport standaloneHtml(const QString &postPath, const Post &post, const Site &site,
                                     const std::function<QByteArray(const Post &)> &renderPage);

    PostExporter() = delete;
};

} // namespace Meetdown

#endif
