#include "previewview.h"

#include <QEvent>

#include "preview/markdownrenderer.h"
#include "previewbridge.h"
#include "resources/resources.h"
#include "siteschemehandler.h"

#include <QContextMenuEvent>
#include <QCoreApplication>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLoggingCategory>
#include <QMenu>
#include <QWebChannel>
#include <QWebEngineNewWindowRequest>
#include <QWebEnginePage>
#include <QWebEngineProfile>
#include <QWebEngineSettings>
#include <QWebEngineUrlScheme>
#include <QtConcurrent/QtConcurrentRun>

namespace Meetdown {

Q_LOGGING_CATEGORY(lcPreview, "meetdown.preview", QtWarningMsg)

namespace {

// A post renders to kilobytes. Past this the page would take seconds to lay out (a table with a
// thousand empty columns gets there from a few kilobytes of Markdown), so the rest is cut and
// the page says so.
constexpr qsizetype kMaxPreviewHtml = 4 * 1024 * 1024;
// A post that crashes the renderer every time must not keep it restarting.
constexpr int kMaxCrashReloads = 3;

bool isWebUrl(const QUrl &url)
{
    return url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https");
}

// The deepest folder holding every one of the files.
QString commonFolder(const QStringList &files)
{
    QStringList common;
    bool first = true;
    for (const QString &file : files) {
        const QStringList parts =
            QFileInfo(file).absolutePath().split(QLatin1Char('/'), Qt::SkipEmptyParts);
        if (first) {
            common = parts;
            first = false;
            continue;
        }
        qsizetype same = 0;
        while (same < common.size() && same < parts.size() && common[same] == parts[same])
            ++same;
        common = common.mid(0, same);
    }
    return QLatin1Char('/') + common.join(QLatin1Char('/'));
}

QList<QDateTime> modificationTimes(const QStringList &files)
{
    QList<QDateTime> times;
    for (const QString &file : files)
        times.append(QFileInfo(file).lastModified());
    return times;
}

} // namespace

// Keeps the main frame on the template: every navigation but the view's own load is refused.
class PreviewPage final : public QWebEnginePage
{
    Q_DISABLE_COPY_MOVE(PreviewPage)
public:
    PreviewPage(QWebEngineProfile *profile, QObject *parent,
                std::function<void(const QUrl &)> openExternally)
        : QWebEnginePage(profile, parent), m_openExternally(std::move(openExternally))
    {}

    void setPageUrl(const QUrl &url) { m_pageUrl = url; }

protected:
    bool acceptNavigationRequest(const QUrl &url, NavigationType type, bool isMainFrame) override
    {
        if (isMainFrame) {
            // load() is the only source of a typed navigation; the post cannot make one.
            if (type == NavigationTypeTyped && url == m_pageUrl)
                return true;
            if (type == NavigationTypeLinkClicked && isWebUrl(url))
                m_openExternally(url);
            qCInfo(lcPreview) << "refused navigation" << type << url;
            return false;
        }
        // Frames of the post (video embeds) may show the web; the CSP decides whether they load
        // at all, and they cannot reach into the page. Anything else (data:, file:, our own
        // scheme, which would be same-origin with the page) stays out.
        if (isWebUrl(url) || url == QUrl(QStringLiteral("about:srcdoc")) ||
            url == QUrl(QStringLiteral("about:blank")))
            return true;
        qCInfo(lcPreview) << "refused frame navigation" << type << url;
        return false;
    }

    void javaScriptConsoleMessage(JavaScriptConsoleMessageLevel, const QString &message,
                                  int lineNumber, const QString &sourceID) override
    {
        // CSP violations land here, which is where to look when a post shows less than expected.
        qCInfo(lcPreview).noquote() << "page:" << message << sourceID << lineNumber;
    }

private:
    QUrl m_pageUrl;
    std::function<void(const QUrl &)> m_openExternally;
};

PreviewView::PreviewView(QWidget *parent)
    : QWebEngineView(parent), m_opener([](const QUrl &url) { QDesktopServices::openUrl(url); })
{
    if (QWebEngineUrlScheme::schemeByName(SiteSchemeHandler::scheme).name().isEmpty())
        qWarning("PreviewView: call PreviewView::registerUrlScheme() before QApplication exists");

    // An off-the-record profile of its own: what the preview loads is never written to disk,
    // and no other web view shares its scheme handler or cache.
    m_profile = new QWebEngineProfile(this);
    m_handler = new SiteSchemeHandler(m_profile);
    m_profile->installUrlSchemeHandler(SiteSchemeHandler::scheme, m_handler);

    m_page = new PreviewPage(m_profile, this, [this](const QUrl &url) { openExternally(url); });
    QWebEngineSettings *settings = m_page->settings();
    settings->setAttribute(QWebEngineSettings::LocalContentCanAccessFileUrls, false);
    // meetdown: is not a local scheme, so this does not stop remote images; the CSP decides.
    settings->setAttribute(QWebEngineSettings::LocalContentCanAccessRemoteUrls, false);
    settings->setAttribute(QWebEngineSettings::JavascriptCanOpenWindows, false);
    settings->setAttribute(QWebEngineSettings::JavascriptCanAccessClipboard, false);
    settings->setAttribute(QWebEngineSettings::JavascriptCanPaste, false);
    settings->setAttribute(QWebEngineSettings::AllowWindowActivationFromJavaScript, false);
    settings->setAttribute(QWebEngineSettings::LocalStorageEnabled, false);
    settings->setAttribute(QWebEngineSettings::PluginsEnabled, false);
    settings->setAttribute(QWebEngineSettings::PdfViewerEnabled, false);
    settings->setAttribute(QWebEngineSettings::FullScreenSupportEnabled, false);
    settings->setAttribute(QWebEngineSettings::ScreenCaptureEnabled, false);
    settings->setAttribute(QWebEngineSettings::AllowRunningInsecureContent, false);
    settings->setAttribute(QWebEngineSettings::AllowGeolocationOnInsecureOrigins, false);
    settings->setAttribute(QWebEngineSettings::HyperlinkAuditingEnabled, false);
    settings->setAttribute(QWebEngineSettings::DnsPrefetchEnabled, false);
    settings->setAttribute(QWebEngineSettings::NavigateOnDropEnabled, false);
    settings->setAttribute(QWebEngineSettings::AutoLoadIconsForPage, false);
    settings->setAttribute(QWebEngineSettings::TouchIconsEnabled, false);
    // A refused load must not put Chromium's error page (another document) in the frame.
    settings->setAttribute(QWebEngineSettings::ErrorPageEnabled, false);
    // Typing goes to the editor; the preview must not take the focus when it loads.
    settings->setAttribute(QWebEngineSettings::FocusOnNavigationEnabled, false);

    // target="_blank" links and middle clicks: the web goes to the browser, nothing opens here.
    connect(m_page, &QWebEnginePage::newWindowRequested, this,
            [this](QWebEngineNewWindowRequest &request) {
                if (request.isUserInitiated() && isWebUrl(request.requestedUrl()))
                    openExternally(request.requestedUrl());
            });
    connect(m_page, &QWebEnginePage::renderProcessTerminated, this,
            [this](QWebEnginePage::RenderProcessTerminationStatus status, int exitCode) {
                qCWarning(lcPreview) << "preview renderer terminated" << status << exitCode;
                if (status != QWebEnginePage::NormalTerminationStatus &&
                    ++m_crashReloads <= kMaxCrashReloads)
                    scheduleLoad();
            });

    m_bridge = new PreviewBridge(this);
    m_channel = new QWebChannel(this);
    // The default batches property updates for 50 ms; the page acknowledges each revision
    // before the next is sent, so batching would only add latency.
    m_channel->setPropertyUpdateInterval(0);
    m_channel->registerObject(QStringLiteral("bridge"), m_bridge);
    m_page->setWebChannel(m_channel);
    connect(m_bridge, &PreviewBridge::acknowledged, this, &PreviewView::onAcknowledged);
    connect(m_bridge, &PreviewBridge::resyncRequested, this, &PreviewView::onResync);
    connect(m_bridge, &PreviewBridge::styleAcknowledged, this, [this](int revision) {
        if (revision == m_styleRevision)
            emit styleApplied();
    });
    m_dark = palette().color(QPalette::Window).lightness() < 128;
    m_bridge->setStyle(styleState());

    m_watcher = new QFutureWatcher<RenderOutput>(this);
    connect(m_watcher, &QFutureWatcherBase::finished, this, &PreviewView::renderDone);

    setPage(m_page);
    // A file dropped on the preview belongs to the window around it, not to a navigation.
    setAcceptDrops(false);
    scheduleLoad();
}

PreviewView::~PreviewView()
{
    // The page must go before its profile, an older child of this view.
    delete m_page;
}

void PreviewView::registerUrlScheme()
{
    SiteSchemeHandler::registerScheme();
    // Qt WebEngine wants this before the application object exists too, and warns otherwise.
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
}

void PreviewView::setSiteRoot(const QString &dir)
{
    if (dir == m_siteRoot)
        return;
    m_siteRoot = dir;
    scheduleLoad();
}

void PreviewView::setBaseUrl(const QString &baseurl)
{
    if (baseurl == m_baseUrl)
        return;
    m_baseUrl = baseurl;
    scheduleLoad();
}

void PreviewView::setRemoteImagesAllowed(bool allowed)
{
    if (allowed == m_remoteAllowed)
        return;
    m_remoteAllowed = allowed;
    scheduleLoad();
}

void PreviewView::setLinkOpener(LinkOpener opener)
{
    m_opener = std::move(opener);
}

void PreviewView::setStylesheets(const QStringList &files, const QString &root)
{
    QStringList canonical;
    for (const QString &file : files) {
        const QString path = QFileInfo(file).canonicalFilePath();
        if (!path.isEmpty() && QFileInfo(path).isFile() && !canonical.contains(path))
            canonical.append(path);
    }
    QString styleRoot = root.isEmpty() ? (canonical.isEmpty() ? QString() : commonFolder(canonical))
                                       : QFileInfo(root).canonicalFilePath();
    // The scheme handler serves nothing from "/", which would be the whole disk.
    if (styleRoot == QLatin1String("/"))
        styleRoot.clear();
    QStringList inside;
    for (const QString &path : std::as_const(canonical)) {
        if (!styleRoot.isEmpty() && path.startsWith(styleRoot + QLatin1Char('/')))
            inside.append(path);
        else
            qCWarning(lcPreview) << "stylesheet outside its root left out:" << path << styleRoot;
    }
    if (inside.isEmpty())
        styleRoot.clear();
    const QList<QDateTime> times = modificationTimes(inside);
    if (inside == m_styleFiles && styleRoot == m_styleRoot && times == m_styleTimes)
        return;
    m_styleFiles = inside;
    m_styleRoot = styleRoot;
    m_styleTimes = times;
    sendStyle();
}

void PreviewView::sendStyle()
{
    // A new revision is also a new URL for each stylesheet: a rebuilt site's CSS is fetched
    // again rather than taken from the cache.
    ++m_styleRevision;
    // The folder is served before the page asks for the stylesheets in it.
    m_handler->setStyleRoot(m_styleRoot);
    m_bridge->setStyle(styleState());
}

QStringList PreviewView::styleUrls() const
{
    QStringList urls;
    const QDir root(m_styleRoot);
    for (const QString &file : m_styleFiles) {
        QUrl url;
        url.setPath(SiteSchemeHandler::stylePrefix + root.relativeFilePath(file));
        url.setQuery(QStringLiteral("v=%1").arg(m_styleRevision));
        urls.append(url.toString(QUrl::FullyEncoded));
    }
    return urls;
}

QVariantMap PreviewView::styleState() const
{
    return {
        {QStringLiteral("revision"), m_styleRevision},
        {QStringLiteral("look"),
         m_styleFiles.isEmpty() ? QStringLiteral("meetdown") : QStringLiteral("site")},
        {QStringLiteral("theme"), m_dark ? QStringLiteral("dark") : QStringLiteral("light")},
        {QStringLiteral("sheets"), styleUrls()},
    };
}

void PreviewView::changeEvent(QEvent *event)
{
    QWebEngineView::changeEvent(event);
    // The page follows in place, keeping the reader's place, as for a change of stylesheets.
    if (event->type() == QEvent::PaletteChange &&
        (palette().color(QPalette::Window).lightness() < 128) != m_dark) {
        m_dark = !m_dark;
        sendStyle();
    }
}

void PreviewView::scheduleLoad()
{
    if (m_loadScheduled)
        return;
    m_loadScheduled = true;
    // Settings usually change together when a post is opened: one load serves them all.
    QMetaObject::invokeMethod(this, &PreviewView::loadPage, Qt::QueuedConnection);
}

void PreviewView::loadPage()
{
    m_loadScheduled = false;
    // A new host per load: the cache cannot hand the new page an image of the old site root.
    ++m_pageGeneration;
    const QString host = QStringLiteral("page-%1").arg(m_pageGeneration);

    // The CSP is part of the document, so remote content is allowed or not per load.
    const QByteArray remote = m_remoteAllowed ? "http: https:" : "";
    QByteArray html = Resources::read(QStringLiteral("page/preview.html"));
    html.replace("@REMOTE@", remote);
    html.replace("@FRAMES@", m_remoteAllowed ? remote : QByteArray("'none'"));
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    if (dark != m_dark) {
        m_dark = dark;
        m_bridge->setStyle(styleState());
    }
    html.replace("@THEME@", m_dark ? "dark" : "light");
    // The look of the moment is part of the template, so a new page never shows another first.
    const bool siteLook = !m_styleFiles.isEmpty();
    html.replace("@LOOK@", siteLook ? "site" : "meetdown");
    html.replace("@STYLEREVISION@", QByteArray::number(m_styleRevision));
    // The site's stylesheets decide its colours, light unless they say otherwise.
    html.replace("@COLORSCHEME@", siteLook ? "light" : m_dark ? "dark" : "light");
    html.replace("@MEETDOWNMEDIA@", siteLook ? "not all" : "all");
    QByteArray links;
    for (const QString &url : styleUrls())
        links += "<link class=\"site-style\" rel=\"stylesheet\" href=\"" + HtmlPage::escape(url) +
                 "\">\n";
    html.replace("@SITESTYLES@", links);

    m_handler->setStyleRoot(m_styleRoot);
    m_handler->setSiteRoot(m_siteRoot);
    m_handler->setBaseUrl(m_baseUrl);
    m_handler->setPage(host, html);

    QUrl url;
    url.setScheme(QString::fromLatin1(SiteSchemeHandler::scheme));
    url.setHost(host);
    url.setPath(QStringLiteral("/"));
    m_page->setPageUrl(url);
    // The bridge keeps the content and the scroll line: the new page shows both on start.
    m_page->load(url);
}

void PreviewView::setPost(const PostHeader &header, const QByteArray &markdownUtf8, int firstLine,
                          Prepare prepare)
{
    m_pending = RenderInput{header, markdownUtf8, firstLine, std::move(prepare)};
    if (!m_rendering)
        startRender();
}

void PreviewView::startRender()
{
    RenderInput input = std::move(*m_pending);
    m_pending.reset();
    m_rendering = true;
    m_watcher->setFuture(QtConcurrent::run([input = std::move(input)] {
        RenderOptions options;
        options.sourceLines = true;
        // Jekyll renders with kramdown: the preview shows its quotes, dashes and lists.
        options.dialect = MarkdownDialect::Kramdown;
        options.headerIds = true;
        options.firstLine = input.firstLine;
        options.maxOutputBytes = kMaxPreviewHtml;
        const QByteArray markdown = input.prepare ? input.prepare(input.markdown) : input.markdown;
        const RenderResult result = MarkdownRenderer::render(markdown, options);
        return RenderOutput{QString::fromUtf8(HtmlPage::header(input.header)),
                            HtmlBlocks::split(result.html), result.truncated};
    }));
}

void PreviewView::renderDone()
{
    m_rendering = false;
    RenderOutput output = m_watcher->result();
    // Newer input arrived while this one rendered. The result is still shown: were it dropped,
    // typing faster than a long post renders would leave the preview unchanged until a pause.
    if (m_pending)
        startRender();
    if (m_awaitedRevision != 0)
        m_ready = std::move(output); // replaces an older result that was waiting
    else
        push(output);
}

void PreviewView::push(const RenderOutput &output)
{
    const BlockPatch patch = HtmlBlocks::diff(m_shown.blocks, output.blocks);
    m_shown = output;
    sendUpdate(patch, m_revision);
}

void PreviewView::sendUpdate(const BlockPatch &patch, int base)
{
    // A keystroke changes a block or two: only those cross to the page, which keeps the other
    // blocks' nodes, and so their layout, images and the reader's place, as they are.
    QStringList blocks;
    for (qsizetype i = patch.head; i < m_shown.blocks.size() - patch.tail; ++i)
        blocks.append(QString::fromUtf8(m_shown.blocks[i].html));
    ++m_revision;
    m_awaitedRevision = m_revision;
    m_bridge->setUpdate({
        {QStringLiteral("revision"), m_revision},
        // The revision the page must show for the patch to apply; 0 replaces everything.
        {QStringLiteral("base"), base},
        {QStringLiteral("header"), m_shown.header},
        {QStringLiteral("truncated"), m_shown.truncated},
        {QStringLiteral("head"), int(patch.head)},
        {QStringLiteral("tail"), int(patch.tail)},
        {QStringLiteral("shift"), patch.shift},
        {QStringLiteral("blocks"), blocks},
    });
}

void PreviewView::onResync()
{
    // A new page, or one that missed a revision: it gets the whole post again.
    if (m_revision != 0)
        sendUpdate({}, 0);
}

void PreviewView::onAcknowledged(int revision)
{
    // Revision 0 is the empty page before the first push.
    if (m_awaitedRevision == 0 || revision != m_awaitedRevision)
        return;
    m_awaitedRevision = 0;
    m_crashReloads = 0;
    emit renderFinished();
    if (m_ready) {
        RenderOutput output = std::move(*m_ready);
        m_ready.reset();
        push(output);
    }
}

void PreviewView::scrollToSourceLine(int line)
{
    m_bridge->setScrollLine(line);
}

void PreviewView::openExternally(const QUrl &url)
{
    emit externalLinkClicked(url);
    if (m_opener)
        m_opener(url);
}

void PreviewView::contextMenuEvent(QContextMenuEvent *event)
{
    // The standard menu also offers reload, back, view source and "open in new window", all of
    // which leave the template: only the copying actions are kept.
    QMenu *menu = createStandardContextMenu();
    const QList<QAction *> keep = {
        pageAction(QWebEnginePage::Copy),
        pageAction(QWebEnginePage::CopyLinkToClipboard),
        pageAction(QWebEnginePage::CopyImageToClipboard),
        pageAction(QWebEnginePage::CopyImageUrlToClipboard),
        pageAction(QWebEnginePage::SelectAll),
    };
    for (QAction *action : menu->actions()) {
        if (!keep.contains(action))
            menu->removeAction(action);
    }
    if (menu->actions().isEmpty()) {
        delete menu;
        return;
    }
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(event->globalPos());
}

} // namespace Meetdown
