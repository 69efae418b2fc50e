#ifndef MEETDOWN_PREVIEW_PREVIEWVIEW_H
#define MEETDOWN_PREVIEW_PREVIEWVIEW_H

#include "preview/htmlblocks.h"
#include "preview/htmlpage.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVariantMap>
#include <QWebEngineView>

#include <functional>
#include <optional>

class QWebChannel;
class QWebEngineProfile;
template <typename T> class QFutureWatcher;

namespace Meetdown {

class PreviewBridge;
class PreviewPage;
class SiteSchemeHandler;

// The live preview of a post. The page is loaded once from a template; each setPost() renders
// the Markdown on a worker thread and pushes the top-level blocks that changed into the loaded
// page over QWebChannel, so updates keep the scroll position and never reload. The post is
// untrusted: the page's Content-Security-Policy keeps any script in it from running, and the
// page never navigates away (http and https links open in the system browser).
class PreviewView final : public QWebEngineView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreviewView)
public:
    using LinkOpener = std::function<void(const QUrl &)>;

    explicit PreviewView(QWidget *parent = nullptr);
    ~PreviewView() override;

    // Registers the meetdown: URL scheme the page and the site's files are served from, and sets
    // Qt::AA_ShareOpenGLContexts. Chromium reads its scheme table once: call this in main()
    // before the QApplication exists.
    static void registerUrlScheme();

    // The folder that site-root paths (/assets/x.jpg) are served from: the site root, or the
    // post's folder for a post outside a site. Nothing outside it is ever served.
    void setSiteRoot(const QString &dir);
    // The site's baseurl from _config.yml: /blog/assets/x.jpg then names /assets/x.jpg too.
    void setBaseUrl(const QString &baseurl);
    // Remote (http and https) images, media and frames load by default; off, the page's CSP
    // refuses them. Changing this reloads the page template once.
    void setRemoteImagesAllowed(bool allowed);
    bool remoteImagesAllowed() const { return m_remoteAllowed; }
    // What a clicked http or https link is handed to; QDesktopServices::openUrl by default.
    void setLinkOpener(LinkOpener opener);

    // The site's own look: these local CSS files, in order, style the page instead of
    // Meetdown's stylesheet; none gives Meetdown's look back. root is the folder they and what
    // they reference (url(fonts/x.woff), @import) are served from, nothing outside it; empty, it
    // is the folder the files share. Files outside root, or missing, are left out. Applied to
    // the loaded page in place: no reload, and the reader stays at the same place of the post.
    // Setting the same files again re-applies them only if one changed on disk.
    void setStylesheets(const QStringList &files, const QString &root = {});
    QStringList stylesheets() const { return m_styleFiles; }

    // Renders off the GUI thread. Calls arriving while a render runs are merged: only the
    // newest input is rendered next. firstLine is the file line of the Markdown's first byte
    // (the line after the front matter).
    // prepare, when set, turns the source into the Markdown to render (Liquid, say) on the worker
    // thread too: it may read files, and must be safe to run off the GUI thread.
    using Prepare = std::function<QByteArray(const QByteArray &)>;
    void setPost(const PostHeader &header, const QByteArray &markdownUtf8, int firstLine,
                 Prepare prepare = {});
    // Scrolls the page so the block holding (or preceding) this file line is at the top.
    void scrollToSourceLine(int line);

signals:
    // The page's DOM holds the content of the newest setPost() rendered so far.
    void renderFinished();
    // The page shows the look of the newest setStylesheets(), its stylesheets loaded.
    void styleApplied();
    void externalLinkClicked(const QUrl &url);

protected:
    void contextMenuEvent(QContextMenuEvent *event) override;
    // The page follows the application's palette, light or dark, not Chromium's own idea.
    void changeEvent(QEvent *event) override;

private:
    struct RenderInput
    {
        PostHeader header;
        QByteArray markdown;
        int firstLine = 1;
        Prepare prepare;
    };
    struct RenderOutput
    {
        QString header;
        QList<HtmlBlock> blocks;
        bool truncated = false;
    };

    // What the bridge's `style` holds: revision, look ("meetdown" or "site"), theme ("light" or
    // "dark", the application's palette) and sheets (the stylesheets' URLs on the page host).
    QVariantMap styleState() const;
    QStringList styleUrls() const;
    void sendStyle();
    void scheduleLoad();
    void loadPage();
    void startRender();
    void renderDone();
    void push(const RenderOutput &output);
    void sendUpdate(const BlockPatch &patch, int base);
    void onAcknowledged(int revision);
    void onResync();
    void openExternally(const QUrl &url);

    QWebEngineProfile *m_profile = nullptr;
    SiteSchemeHandler *m_handler = nullptr;
    PreviewPage *m_page = nullptr;
    QWebChannel *m_channel = nullptr;
    PreviewBridge *m_bridge = nullptr;
    QFutureWatcher<RenderOutput> *m_watcher = nullptr;
    LinkOpener m_opener;

    QString m_styleRoot;
    QStringList m_styleFiles;
    QList<QDateTime> m_styleTimes;
    int m_styleRevision = 1;

    QString m_siteRoot;
    QString m_baseUrl;
    bool m_remoteAllowed = true;
    bool m_dark = false;
    int m_pageGeneration = 0;
    bool m_loadScheduled = false;
    int m_crashReloads = 0;

    // The pipeline: one render at a time, with only the newest input waiting for it, and one
    // revision in the page awaiting its acknowledgement, with only the newest result waiting.
    std::optional<RenderInput> m_pending;
    std::optional<RenderOutput> m_ready;
    bool m_rendering = false;
    int m_awaitedRevision = 0;

    // What the newest revision sent to the page holds; the next one is a patch against it.
    int m_revision = 0;
    RenderOutput m_shown;
};

} // namespace Meetdown

#endif
