#ifndef MEETDOWN_PREVIEW_SITESCHEMEHANDLER_H
#define MEETDOWN_PREVIEW_SITESCHEMEHANDLER_H

#include <QByteArray>
#include <QMutex>
#include <QString>
#include <QWebEngineUrlSchemeHandler>

namespace Meetdown {

// Serves everything the preview loads over meetdown://, so the page never touches file://.
//  - meetdown://app/<name>: the page's own script and stylesheet, from the compiled-in resources;
//    the page's Content-Security-Policy lets scripts run from this host only.
//  - meetdown://<page host>/: the page itself, so root paths in a post (/assets/x.jpg) land on
//    the page host and are served from the site folder below.
//  - meetdown://<page host>/<path>: a file under the site root; anything that resolves outside
//    it (dot segments, symlinks) is refused.
//  - meetdown://<page host>/.style/<path>: a file under the style root, the folder of the
//    stylesheets that give the preview the site's look, so their relative url()s (fonts,
//    images) resolve as on the site. The same rules apply; a site path can never start with
//    ".style", since dotfiles are never served from the site root.
class SiteSchemeHandler final : public QWebEngineUrlSchemeHandler
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SiteSchemeHandler)
public:
    static const QByteArray scheme;
    static const QString appHost;

    explicit SiteSchemeHandler(QObject *parent = nullptr);
    ~SiteSchemeHandler() override;

    // Chromium reads the scheme table once at start-up: before the QApplication is created.
    static void registerScheme();

    // The page host changes with every page load, so images cached for an old site root or
    // base URL cannot be shown for the new one.
    void setPage(const QString &host, const QByteArray &html);
    void setSiteRoot(const QString &dir);
    // The site's baseurl from _config.yml ("/blog"): links written with it name the same files.
    void setBaseUrl(const QString &baseurl);
    // The folder served under /.style/, or none when empty. When it is inside the site root
    // (_site), site-root paths the site root does not hold are looked up there too: a theme's
    // CSS names its fonts as /assets/..., which only the built site holds.
    void setStyleRoot(const QString &dir);
    static const QString stylePrefix; // "/.style/"

    void requestStarted(QWebEngineUrlRequestJob *job) override;

    // The file that urlPath (decoded, as in "/assets/x.png") names under siteRoot, or an empty
    // string when it must not be served: a segment that is ".", ".." or another dotfile name, a
    // path whose canonical form (symlinks resolved) leaves the root, or no regular file.
    static QString resolve(const QString &siteRoot, const QString &baseUrl, const QString &urlPath);

private:
    QMutex m_mutex; // requestStarted may run off the GUI thread in some Qt versions
    QString m_pageHost;
    QByteArray m_pageHtml;
    QString m_siteRoot;
    QString m_baseUrl;
    QString m_styleRoot;
};

} // namespace Meetdown

#endif
