#include "siteschemehandler.h"

#include "sitestylesheet.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>
#include <QRegularExpression>
#include <QUrl>
#include <QWebEngineUrlRequestJob>
#include <QWebEngineUrlScheme>

namespace Meetdown {

const QByteArray SiteSchemeHandler::scheme = QByteArrayLiteral("meetdown");
const QString SiteSchemeHandler::appHost = QStringLiteral("app");
const QString SiteSchemeHandler::stylePrefix = QStringLiteral("/.style/");

namespace {

struct AppFile
{
    const char *path;
    const char *resource;
    const char *contentType;
};

// The app host serves this list and nothing else: the page's CSP trusts every script on it.
constexpr AppFile kAppFiles[] = {
    {"/preview.js", ":/meetdown/page/preview.js", "text/javascript"},
    {"/post.css", ":/meetdown/page/post.css", "text/css"},
    // Compiled into Qt WebEngine; served from our host so the CSP needs no second source.
    {"/qwebchannel.js", ":/qtwebchannel/qwebchannel.js", "text/javascript"},
};

// The built site inside the site folder adds nothing the site root does not already serve, so
// site paths may be looked up there; a stylesheet's folder elsewhere is reachable by /.style/
// only.
// What a stylesheet loads: other stylesheets, fonts and pictures.
bool isStyleAsset(const QString &file)
{
    static const QStringList suffixes = {
        QStringLiteral("css"),  QStringLiteral("woff"), QStringLiteral("woff2"),
        QStringLiteral("ttf"),  QStringLiteral("otf"),  QStringLiteral("eot"),
        QStringLiteral("svg"),  QStringLiteral("png"),  QStringLiteral("jpg"),
        QStringLiteral("jpeg"), QStringLiteral("gif"),  QStringLiteral("webp"),
        QStringLiteral("avif"), QStringLiteral("ico"),  QStringLiteral("cur")};
    return suffixes.contains(QFileInfo(file).suffix().toLower());
}

bool isInside(const QString &dir, const QString &root)
{
    if (dir.isEmpty() || root.isEmpty())
        return false;
    const QString canonicalDir = QFileInfo(dir).canonicalFilePath();
    const QString canonicalRoot = QFileInfo(root).canonicalFilePath();
    return !canonicalDir.isEmpty() && !canonicalRoot.isEmpty() &&
           canonicalDir.startsWith(canonicalRoot + QLatin1Char('/'));
}

} // namespace

SiteSchemeHandler::SiteSchemeHandler(QObject *parent) : QWebEngineUrlSchemeHandler(parent) {}

SiteSchemeHandler::~SiteSchemeHandler() = default;

void SiteSchemeHandler::registerScheme()
{
    if (!QWebEngineUrlScheme::schemeByName(scheme).name().isEmpty())
        return;
    QWebEngineUrlScheme meetdown(scheme);
    // A host makes root paths resolve against the page host. The scheme is neither local (no
    // file:// privileges) nor secure (http images would be blocked as mixed content), and it
    // keeps CSP enforcement and same-origin rules.
    meetdown.setSyntax(QWebEngineUrlScheme::Syntax::Host);
    meetdown.setFlags({});
    QWebEngineUrlScheme::registerScheme(meetdown);
}

void SiteSchemeHandler::setPage(const QString &host, const QByteArray &html)
{
    const QMutexLocker lock(&m_mutex);
    m_pageHost = host;
    m_pageHtml = html;
}

void SiteSchemeHandler::setSiteRoot(const QString &dir)
{
    const QMutexLocker lock(&m_mutex);
    m_siteRoot = dir;
}

void SiteSchemeHandler::setBaseUrl(const QString &baseurl)
{
    const QMutexLocker lock(&m_mutex);
    m_baseUrl = baseurl;
}

void SiteSchemeHandler::setStyleRoot(const QString &dir)
{
    const QMutexLocker lock(&m_mutex);
    m_styleRoot = dir;
}

QString SiteSchemeHandler::resolve(const QString &siteRoot, const QString &baseUrl,
                                   const QString &urlPath)
{
    if (siteRoot.isEmpty())
        return {};
    QString path = urlPath;
    // Liquid is not run by the preview, and posts commonly write images as
    // "{{ site.baseurl }}/assets/x.jpg"; those tags stand for the site root.
    static const QRegularExpression liquidPrefix(
        QStringLiteral(R"(^/*(\{\{\s*site\.(base)?url\s*\}\}/*)+)"));
    path.replace(liquidPrefix, QStringLiteral("/"));
    const QString base = SiteStylesheet::normalizedBaseUrl(baseUrl);
    if (!base.isEmpty() && (path == base || path.startsWith(base + QLatin1Char('/'))))
        path = path.mid(base.size());

    // Chromium has already removed the dot segments it saw; any left were percent-encoded, and
    // are refused rather than interpreted. Dotfiles are refused as Jekyll does not publish them.
    const QStringList segments = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (segments.isEmpty())
        return {};
    for (const QString &segment : segments) {
        if (segment.startsWith(QLatin1Char('.')) || segment.contains(QLatin1Char('\\')) ||
            segment.contains(QChar::Null))
            return {};
    }

    const QString root = QFileInfo(siteRoot).canonicalFilePath();
    // A root of "/" would publish the whole disk.
    if (root.isEmpty() || root == QLatin1String("/"))
        return {};
    const QFileInfo requested(root + QLatin1Char('/') + segments.join(QLatin1Char('/')));
    // Compared after resolving symlinks, so a link inside the site cannot point out of it.
    const QString canonical = requested.canonicalFilePath();
    if (canonical.isEmpty() || !canonical.startsWith(root + QLatin1Char('/')))
        return {};
    if (!QFileInfo(canonical).isFile())
        return {};
    return canonical;
}

void SiteSchemeHandler::requestStarted(QWebEngineUrlRequestJob *job)
{
    if (job->requestMethod() != "GET") {
        job->fail(QWebEngineUrlRequestJob::RequestDenied);
        return;
    }
    const QUrl url = job->requestUrl();
    const QString host = url.host();
    const QString path = url.path(QUrl::FullyDecoded);

    if (host == appHost) {
        for (const AppFile &file : kAppFiles) {
            if (path != QLatin1String(file.path))
                continue;
            auto *device = new QFile(QLatin1String(file.resource), job);
            if (!device->open(QIODevice::ReadOnly)) {
                qWarning("preview resource %s is missing", file.resource);
                job->fail(QWebEngineUrlRequestJob::UrlNotFound);
                return;
            }
            job->reply(file.contentType, device);
            return;
        }
        job->fail(QWebEngineUrlRequestJob::UrlNotFound);
        return;
    }

    QString siteRoot;
    QString baseUrl;
    QString styleRoot;
    {
        const QMutexLocker lock(&m_mutex);
        if (host.isEmpty() || host != m_pageHost) {
            job->fail(QWebEngineUrlRequestJob::UrlNotFound);
            return;
        }
        if (path.isEmpty() || path == QLatin1String("/")) {
            auto *device = new QBuffer(job);
            device->setData(m_pageHtml);
            device->open(QIODevice::ReadOnly);
            job->reply("text/html", device);
            return;
        }
        siteRoot = m_siteRoot;
        baseUrl = m_baseUrl;
        styleRoot = m_styleRoot;
    }

    // Only the page, and frames that share its origin, may read the site folder: a web page in
    // an embedded frame must not be able to probe which files exist on the disk.
    const QUrl initiator = job->initiator();
    if (initiator.scheme() != QLatin1String(scheme) || initiator.host() != host) {
        job->fail(QWebEngineUrlRequestJob::RequestDenied);
        return;
    }

    QString file;
    if (path.startsWith(stylePrefix)) {
        // The base URL does not apply: these paths are the view's own, not the site's.
        file = resolve(styleRoot, {}, path.mid(stylePrefix.size() - 1));
        // A stylesheet chosen outside the site brings its folder along for its fonts and
        // pictures; nothing else there (it may be the home folder) is the preview's business.
        if (!file.isEmpty() && !isInside(styleRoot, siteRoot) && !isStyleAsset(file))
            file.clear();
    } else {
        file = resolve(siteRoot, baseUrl, path);
        if (file.isEmpty() && isInside(styleRoot, siteRoot))
            file = resolve(styleRoot, baseUrl, path);
    }
    if (file.isEmpty()) {
        job->fail(QWebEngineUrlRequestJob::UrlNotFound);
        return;
    }
    auto *device = new QFile(file, job);
    if (!device->open(QIODevice::ReadOnly)) {
        job->fail(QWebEngineUrlRequestJob::RequestDenied);
        return;
    }
    static const QMimeDatabase mimeDatabase;
    const QMimeType type = mimeDatabase.mimeTypeForFile(file, QMimeDatabase::MatchExtension);
    job->reply(type.name().toUtf8(), device);
}

} // namespace Meetdown
