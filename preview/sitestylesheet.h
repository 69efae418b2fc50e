#ifndef MEETDOWN_PREVIEW_SITESTYLESHEET_H
#define MEETDOWN_PREVIEW_SITESTYLESHEET_H

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace Meetdown {

// What the site's built pages style themselves with.
struct SiteStyle
{
    QString builtDir;  // <site>/_site (or the destination), canonical, once it exists
    QString page;      // the built page whose links were read
    QStringList files; // canonical paths of the stylesheets inside builtDir, in page order
    QString problem;   // for the user when files is empty: why, and what to do
};

// Finds the stylesheets a built Jekyll site uses, so the preview can show a post in the site's
// own look. Only the built output (_site) is read: the source holds Sass, not CSS, and only
// Jekyll knows the theme. QtCore only; the site's baseurl comes from the caller.
class SiteStylesheet final
{
public:
    // Reads a built post page if there is one (posts are what the preview shows), else the
    // site's index.html, and returns its local stylesheets that exist inside _site. Remote
    // stylesheets (http, https, protocol-relative on another host than the site's `url:`) and
    // data: ones are left out: the preview never loads remote styles. Nothing outside _site is
    // returned, through "..", or a symlink.
    // destination: the site's `destination:` setting (relative to siteRoot, or absolute), where
    // Jekyll writes the built site; empty is Jekyll's default, _site.
    // siteUrl: the site's `url:`, so links written with `absolute_url` are read from _site.
    // ownPage: the built page of the post being shown, relative to the built site, read first
    // when it is there.
    static SiteStyle find(const QString &siteRoot, const QString &baseUrl,
                          const QString &destination = {}, const QString &siteUrl = {},
                          const QString &ownPage = {});

    // The href of every <link rel="stylesheet"> of the page, in order, entities decoded;
    // alternate and print-only stylesheets and links inside comments are left out.
    static QStringList linkedStylesheets(const QByteArray &html);

    // The file that href (as written in the page at pageFile, inside builtDir) names, canonical,
    // or an empty string: remote, outside builtDir, or not a file. An absolute URL on the site's
    // own address (siteUrl, or a local `jekyll serve` address) names a file of builtDir.
    static QString resolveHref(const QString &builtDir, const QString &pageFile,
                               const QString &href, const QString &baseUrl,
                               const QString &siteUrl = {});

    // A baseurl as a path prefix: "" or "/meetup", never a trailing slash.
    static QString normalizedBaseUrl(const QString &baseurl);

    SiteStylesheet() = delete;
};

} // namespace Meetdown

#endif
