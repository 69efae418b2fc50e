// The live preview against a real Qt WebEngine (offscreen): content reaches the DOM without
// reloads, the site folder is served and nothing outside it, and hostile posts stay inert.
#include "preview/htmlblocks.h"
#include "preview/markdownrenderer.h"
#include "preview/previewview.h"
#include "preview/siteschemehandler.h"
#include "preview/sitestylesheet.h"

#include <QApplication>
#include <QBuffer>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QPalette>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebEnginePage>

#include <memory>

using Meetdown::HtmlBlocks;
using Meetdown::PostHeader;
using Meetdown::PreviewView;
using Meetdown::SiteSchemeHandler;
using Meetdown::SiteStyle;
using Meetdown::SiteStylesheet;

namespace {

constexpr int kTimeout = 20000;

// Counts the navigations the view refuses (it logs each one), to catch redirect loops.
int g_refusedNavigations = 0;
QtMessageHandler g_previousHandler = nullptr;

void countRefusals(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (context.category && QByteArray(context.category) == "meetdown.preview" &&
        message.startsWith(QLatin1String("refused")))
        ++g_refusedNavigations;
    g_previousHandler(type, context, message);
}

bool writeImage(const QString &path, int width, int height, Qt::GlobalColor color)
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(color);
    return image.save(path, "PNG");
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

// A minimal HTTP server on 127.0.0.1 that answers every GET with one PNG and counts requests:
// remote images can be tested without a network.
class ImageServer final : public QObject
{
public:
    ImageServer()
    {
        QImage image(20, 10, QImage::Format_RGB32);
        image.fill(Qt::blue);
        QBuffer buffer(&m_png);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "PNG");
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_received += socket->readAll();
                    if (!m_received.contains("\r\n\r\n"))
                        return;
                    m_received.clear();
                    ++m_requests;
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n"
                                  "Cache-Control: no-store\r\nConnection: close\r\n"
                                  "Content-Length: " +
                                  QByteArray::number(m_png.size()) + "\r\n\r\n" + m_png);
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    QString url(const QString &name) const
    {
        return QStringLiteral("http://127.0.0.1:%1/%2").arg(m_server.serverPort()).arg(name);
    }
    int requests() const { return m_requests; }

private:
    QTcpServer m_server;
    QByteArray m_png;
    QByteArray m_received;
    int m_requests = 0;
};

// Runs a script in the page's main world and waits for its result.
QVariant evaluate(QWebEnginePage *page, const QString &script)
{
    struct Result
    {
        QVariant value;
        bool done = false;
    };
    auto result = std::make_shared<Result>();
    page->runJavaScript(script, [result](const QVariant &value) {
        result->value = value;
        result->done = true;
    });
    if (!QTest::qWaitFor([&] { return result->done; }, kTimeout))
        qWarning("script timed out: %s", qPrintable(script));
    return result->value;
}

QByteArray paragraphs(int count, const QByteArray &word = "Paragraph")
{
    QByteArray markdown;
    for (int i = 0; i < count; ++i)
        markdown += word + ' ' + QByteArray::number(i) +
                    " with some words to make it wrap "
                    "a little, as prose does.\n\n";
    return markdown;
}

} // namespace

class TestPreviewView final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void contentAppearsInDom();
    void headerIsEscaped();
    void rapidUpdatesEndInLastContent();
    void updatesDoNotReload();
    void scrollPositionKeptAcrossUpdates();
    void scrollToSourceLineMovesPage();
    void truncatedRenderShowsNotice();
    void siteImagesAreServed();
    void traversalIsRefused_data();
    void traversalIsRefused();
    void resolveRefusesEscapes_data();
    void resolveRefusesEscapes();
    void hostilePostStaysInert_data();
    void hostilePostStaysInert();
    void clickedWebLinkOpensOutside();
    void fragmentLinkScrollsInPage();
    void remoteImagesFollowSetting();
    void siteStyleAppliesInPlace_data();
    void siteStyleAppliesInPlace();
    void styleFileOutsideSite();
    void styleEscapesAreRefused();
    void remoteStylesNeverLoad();
    void styleSwitchKeepsPlace();
    void styleSurvivesNewPage();
    void darkPaletteLeavesSiteColours();
    void blocksCutAtTopLevel_data();
    void blocksCutAtTopLevel();
    void blocksParseAsInPlace();
    void blockPatchKeepsAndShifts();
    void patchedPageEqualsFreshPage();

private:
    std::unique_ptr<PreviewView> makeView();
    bool showPost(PreviewView &view, const QByteArray &markdown, const PostHeader &header = {},
                  int firstLine = 1);
    QVariant js(PreviewView &view, const QString &script) { return evaluate(view.page(), script); }
    // naturalWidth of the image with this id once it has loaded or failed; -1 on timeout.
    int imageWidth(PreviewView &view, const QString &id);
    bool applyStyle(PreviewView &view, const QStringList &files, const QString &root = {});
    QString paragraphColour(PreviewView &view)
    {
        return js(view, QStringLiteral("getComputedStyle(document.querySelector('#post-content p'))"
                                       ".color"))
            .toString();
    }
    // Whether the page has the font a stylesheet declares, loaded from its url().
    bool fontLoads(PreviewView &view, const QString &family);

    QTemporaryDir m_dir;
    QString m_site;
    QString m_styled; // a built site: _site/index.html linking /css/main.css
    QList<QUrl> m_opened;
};

void TestPreviewView::initTestCase()
{
    QLoggingCategory::setFilterRules(QStringLiteral("meetdown.preview.info=true"));
    g_previousHandler = qInstallMessageHandler(countRefusals);

    QVERIFY(m_dir.isValid());
    const QDir root(m_dir.path());
    QVERIFY(root.mkpath(QStringLiteral("site/assets")));
    QVERIFY(root.mkpath(QStringLiteral("site/2024/05")));
    m_site = root.filePath(QStringLiteral("site"));
    QVERIFY(writeImage(root.filePath(QStringLiteral("site/assets/x.png")), 40, 30, Qt::red));
    QVERIFY(writeImage(root.filePath(QStringLiteral("site/2024/05/rel.png")), 24, 12, Qt::green));
    QVERIFY(writeImage(root.filePath(QStringLiteral("site/.hidden.png")), 33, 33, Qt::red));
    // Outside the site: nothing may ever serve it.
    QVERIFY(writeImage(root.filePath(QStringLiteral("secret.png")), 50, 50, Qt::black));
    QVERIFY(QFile::link(root.filePath(QStringLiteral("secret.png")),
                        root.filePath(QStringLiteral("site/assets/link.png"))));
    QVERIFY(QFile::link(root.path(), root.filePath(QStringLiteral("site/outside"))));
    // Documents in the site that would run script in the page's origin if framed.
    QVERIFY(writeFile(root.filePath(QStringLiteral("site/evil.html")),
                      "<!DOCTYPE html><script>parent.pwned = 1; top.pwned = 1;</script>"));
    QVERIFY(writeFile(root.filePath(QStringLiteral("site/evil.svg")),
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"parent.pwned=1\">"
                      "<script>parent.pwned = 1;</script></svg>"));

    // A built site with a stylesheet that names a font next to it, and things it must not reach.
    m_styled = root.filePath(QStringLiteral("styled"));
    QFile font(QStringLiteral("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"));
    QVERIFY2(font.open(QIODevice::ReadOnly), "the test needs DejaVu Sans (fonts-dejavu-core)");
    const QByteArray fontData = font.readAll();
    QVERIFY(root.mkpath(QStringLiteral("styled/_site/css/fonts")));
    QVERIFY(root.mkpath(QStringLiteral("styled/_site/assets")));
    QVERIFY(root.mkpath(QStringLiteral("elsewhere/fonts")));
    QVERIFY(writeFile(root.filePath(QStringLiteral("styled/_site/index.html")),
                      "<!DOCTYPE html><html><head>"
                      "<link rel=\"stylesheet\" href=\"/css/main.css\">"
                      "<link rel=\"stylesheet\" href=\"https://example.org/remote.css\">"
                      "</head><body></body></html>"));
    QVERIFY(writeFile(
        root.filePath(QStringLiteral("styled/_site/css/main.css")),
        "@font-face { font-family: SiteFont; src: url(fonts/x.woff) format('truetype'); }\n"
        "@font-face { font-family: ThemeFont; src: url(/assets/theme.ttf); }\n"
        "@import url(link.css);\n"
        "p { color: rgb(1, 2, 3); font-size: 31px; line-height: 2; }\n"));
    QVERIFY(writeFile(root.filePath(QStringLiteral("styled/_site/css/fonts/x.woff")), fontData));
    QVERIFY(writeFile(root.filePath(QStringLiteral("styled/_site/assets/theme.ttf")), fontData));
    // Outside every root: a stylesheet that would paint paragraphs rgb(9, 9, 9).
    QVERIFY(
        writeFile(root.filePath(QStringLiteral("outside.css")), "p { color: rgb(9, 9, 9); }\n"));
    QVERIFY(QFile::link(root.filePath(QStringLiteral("outside.css")),
                        root.filePath(QStringLiteral("styled/_site/css/link.css"))));
    QVERIFY(writeFile(root.filePath(QStringLiteral("elsewhere/theme.css")),
                      "@font-face { font-family: OwnFont; src: url(fonts/own.ttf); }\n"
                      "p { color: rgb(4, 5, 6); }\n"));
    QVERIFY(writeFile(root.filePath(QStringLiteral("elsewhere/fonts/own.ttf")), fontData));
    QVERIFY(writeImage(root.filePath(QStringLiteral("elsewhere/fonts/pic.png")), 20, 20, Qt::red));
    // Picture bytes under a name no stylesheet loads: what else lies in a chosen CSS file's folder.
    QVERIFY(
        writeImage(root.filePath(QStringLiteral("elsewhere/fonts/notes.png")), 30, 30, Qt::red));
    QVERIFY(QFile::rename(root.filePath(QStringLiteral("elsewhere/fonts/notes.png")),
                          root.filePath(QStringLiteral("elsewhere/fonts/notes.txt"))));
}

void TestPreviewView::cleanupTestCase()
{
    qInstallMessageHandler(g_previousHandler);
}

std::unique_ptr<PreviewView> TestPreviewView::makeView()
{
    auto view = std::make_unique<PreviewView>();
    view->setLinkOpener([this](const QUrl &url) { m_opened.append(url); });
    view->setSiteRoot(m_site);
    view->resize(800, 600);
    view->show();
    m_opened.clear();
    return view;
}

bool TestPreviewView::showPost(PreviewView &view, const QByteArray &markdown,
                               const PostHeader &header, int firstLine)
{
    QSignalSpy finished(&view, &PreviewView::renderFinished);
    view.setPost(header, markdown, firstLine);
    return finished.wait(kTimeout);
}

int TestPreviewView::imageWidth(PreviewView &view, const QString &id)
{
    const QString script = QStringLiteral("(function () { const i = document.getElementById('%1');"
                                          " return i && i.complete ? i.naturalWidth : -1; })()")
                               .arg(id);
    int width = -1;
    (void)QTest::qWaitFor(
        [&] {
            width = js(view, script).toInt();
            return width >= 0;
        },
        kTimeout);
    return width;
}

bool TestPreviewView::applyStyle(PreviewView &view, const QStringList &files, const QString &root)
{
    QSignalSpy applied(&view, &PreviewView::styleApplied);
    view.setStylesheets(files, root);
    return applied.wait(kTimeout);
}

bool TestPreviewView::fontLoads(PreviewView &view, const QString &family)
{
    js(view, QStringLiteral("window.fontResult = undefined;"
                            " document.fonts.load('16px %1').then("
                            "   function (faces) { window.fontResult = faces.length; },"
                            "   function () { window.fontResult = -1; });")
                 .arg(family));
    QVariant result;
    (void)QTest::qWaitFor(
        [&] {
            result = js(view, QStringLiteral("window.fontResult"));
            return result.isValid();
        },
        kTimeout);
    return result.toInt() > 0 &&
           js(view, QStringLiteral("document.fonts.check('16px %1')").arg(family)).toBool();
}

void TestPreviewView::contentAppearsInDom()
{
    const auto view = makeView();
    QVERIFY(showPost(*view, "# Hello\n\nSome *emphasis* and `code`.\n\n- one\n- two\n"));
    QCOMPARE(js(*view, QStringLiteral("document.querySelector('#post-content h1').textContent")),
             QVariant(QStringLiteral("Hello")));
    QCOMPARE(js(*view, QStringLiteral("document.querySelectorAll('#post-content li').length")),
             QVariant(2));
    QCOMPARE(js(*view, QStringLiteral("document.querySelector('#post-content em').textContent")),
             QVariant(QStringLiteral("emphasis")));
    // The page carries source lines for scroll sync.
    QCOMPARE(js(*view, QStringLiteral("document.querySelector('#post-content p')"
                                      ".getAttribute('data-source-line')")),
             QVariant(QStringLiteral("3")));
    // Nothing truncated, so no notice.
    QCOMPARE(js(*view, QStringLiteral("document.getElementById('truncated-notice').hidden")),
             QVariant(true));
}

void TestPreviewView::headerIsEscaped()
{
    const auto view = makeView();
    PostHeader header;
    header.title = QStringLiteral("Meetup <img src=x onerror=\"window.pwned=1\">");
    header.date = QStringLiteral("3 May 2024");
    header.author = QStringLiteral("Ada & Grace");
    header.tags = {QStringLiteral("qt"), QStringLiteral("<b>jekyll</b>")};
    header.image = QStringLiteral("/assets/x.png");
    QVERIFY(showPost(*view, "Body.\n", header));
    QCOMPARE(js(*view, QStringLiteral("document.querySelector('.post-title').textContent")),
             QVariant(header.title));
    QCOMPARE(js(*view, QStringLiteral("document.querySelector('.post-meta').textContent")),
             QVariant(QStringLiteral("3 May 2024•Ada & Grace")));
    QCOMPARE(js(*view, QStringLiteral("document.querySelectorAll('.post-tags li')[1].textContent")),
             QVariant(QStringLiteral("<b>jekyll</b>")));
    // The featured image is a site path, served like any other.
    QTRY_COMPARE_WITH_TIMEOUT(
        js(*view, QStringLiteral("(function () { const i = document.querySelector('.post-image');"
                                 " return i.complete ? i.naturalWidth : -1; })()")),
        QVariant(40), kTimeout);
    QCOMPARE(js(*view, QStringLiteral("typeof window.pwned")),
             QVariant(QStringLiteral("undefined")));
}

void TestPreviewView::rapidUpdatesEndInLastContent()
{
    const auto view = makeView();
    QVERIFY(showPost(*view, "first\n"));
    QSignalSpy finished(view.get(), &PreviewView::renderFinished);
    // No event loop runs in between, as when the editor sends every keystroke of a paste.
    constexpr int kCalls = 50;
    for (int i = 0; i < kCalls; ++i)
        view->setPost({}, "version " + QByteArray::number(i) + "\n", 1);
    QTRY_COMPARE_WITH_TIMEOUT(
        js(*view, QStringLiteral("document.getElementById('post-content').textContent.trim()")),
        QVariant(QStringLiteral("version 49")), kTimeout);
    // Bursts are merged: the one render already running, then the newest input.
    QVERIFY2(finished.count() <= 2, qPrintable(QString::number(finished.count())));
    // And nothing older arrives afterwards.
    QTest::qWait(300);
    QCOMPARE(
        js(*view, QStringLiteral("document.getElementById('post-content').textContent.trim()")),
        QVariant(QStringLiteral("version 49")));

    // Input arriving while the page applies a revision is not lost either.
    for (int i = 0; i < 5; ++i) {
        view->setPost({}, "round " + QByteArray::number(i) + "\n", 1);
        QTest::qWait(1);
    }
    QTRY_COMPARE_WITH_TIMEOUT(
        js(*view, QStringLiteral("document.getElementById('post-content').textContent.trim()")),
        QVariant(QStringLiteral("round 4")), kTimeout);
}

void TestPreviewView::updatesDoNotReload()
{
    const auto view = makeView();
    QVERIFY(showPost(*view, "one\n"));
    const QUrl pageUrl = view->url();
    QVERIFY(pageUrl.scheme() == QLatin1String("meetdown"));
    QVERIFY(js(*view, QStringLiteral("window.survivor = 42; window.survivor")).isValid());
    QSignalSpy loads(view.get(), &QWebEngineView::loadStarted);
    for (int i = 0; i < 5; ++i)
        QVERIFY(showPost(*view, "update " + QByteArray::number(i) + "\n"));
    QCOMPARE(js(*view, QStringLiteral("window.survivor")), QVariant(42));
    QCOMPARE(loads.count(), 0);
    QCOMPARE(view->url(), pageUrl);
}

void TestPreviewView::scrollPositionKeptAcrossUpdates()
{
    const auto view = makeView();
    const QByteArray markdown = paragraphs(300);
    QVERIFY(showPost(*view, markdown));
    QVERIFY(js(*view, QStringLiteral("document.documentElement.scrollHeight")).toInt() > 5000);
    js(*view, QStringLiteral("window.scrollTo(0, 3000)"));
    QTRY_COMPARE_WITH_TIMEOUT(js(*view, QStringLiteral("Math.round(window.scrollY)")),
                              QVariant(3000), kTimeout);
    // An edit above the visible part, and one in it.
    QByteArray edited = markdown;
    edited.replace("Paragraph 2 ", "Paragraph two ");
    QVERIFY(showPost(*view, edited));
    QCOMPARE(js(*view, QStringLiteral("Math.round(window.scrollY)")), QVariant(3000));
    edited.replace("Paragraph 100 ", "Paragraph hundred ");
    QVERIFY(showPost(*view, edited));
    QCOMPARE(js(*view, QStringLiteral("Math.round(window.scrollY)")), QVariant(3000));
    QVERIFY(js(*view, QStringLiteral("document.body.textContent.includes('Paragraph hundred')"))
                .toBool());
}

void TestPreviewView::scrollToSourceLineMovesPage()
{
    const auto view = makeView();
    // The body starts on file line 5, after the front matter. Paragraph i is on line 5 + 2i.
    QVERIFY(showPost(*view, paragraphs(300), {}, 5));
    QCOMPARE(js(*view, QStringLiteral("Math.round(window.scrollY)")), QVariant(0));

    const int line = 5 + 2 * 150;
    view->scrollToSourceLine(line);
    const QString blockAtTop =
        QStringLiteral("Math.abs(document.querySelector('[data-source-line=\"%1\"]')"
                       ".getBoundingClientRect().top) <= 1")
            .arg(line);
    QTRY_VERIFY_WITH_TIMEOUT(js(*view, QStringLiteral("window.scrollY")).toDouble() > 1000,
                             kTimeout);
    QVERIFY(js(*view, blockAtTop).toBool());

    // A line between two blocks (the blank line after paragraph 200) lands between them.
    view->scrollToSourceLine(5 + 2 * 200 + 1);
    QTRY_VERIFY_WITH_TIMEOUT(
        js(*view, QStringLiteral("document.querySelector('[data-source-line=\"405\"]')"
                                 ".getBoundingClientRect().top < 0"))
            .toBool(),
        kTimeout);
    QVERIFY(js(*view, QStringLiteral("document.querySelector('[data-source-line=\"407\"]')"
                                     ".getBoundingClientRect().top > 0"))
                .toBool());

    // Lines of the front matter show the top of the page, with the header.
    view->scrollToSourceLine(2);
    QTRY_COMPARE_WITH_TIMEOUT(js(*view, QStringLiteral("Math.round(window.scrollY)")), QVariant(0),
                              kTimeout);
}

void TestPreviewView::truncatedRenderShowsNotice()
{
    const auto view = makeView();
    // A thousand columns and empty rows: a few kilobytes of Markdown, megabytes of HTML.
    const QByteArray markdown = "|" + QByteArray("a|").repeated(1000) + "\n|" +
                                QByteArray("---|").repeated(1000) + "\n" +
                                QByteArray("|\n").repeated(2000);
    QVERIFY(showPost(*view, markdown));
    QCOMPARE(js(*view, QStringLiteral("document.getElementById('truncated-notice').hidden")),
             QVariant(false));
    QVERIFY(js(*view, QStringLiteral("document.getElementById('truncated-notice').offsetHeight"))
                .toInt() > 0);
    // The notice goes away with the cause.
    QVERIFY(showPost(*view, "small\n"));
    QCOMPARE(js(*view, QStringLiteral("document.getElementById('truncated-notice').hidden")),
             QVariant(true));
}

void TestPreviewView::siteImagesAreServed()
{
    const auto view = makeView();
    view->setBaseUrl(QStringLiteral("/blog/"));
    QVERIFY(showPost(*view, "<img id=\"root\" src=\"/assets/x.png\">\n"
                            "<img id=\"relative\" src=\"assets/x.png\">\n"
                            "<img id=\"base\" src=\"/blog/assets/x.png\">\n"
                            "<img id=\"liquid\" src=\"{{ site.baseurl }}/assets/x.png\">\n"
                            "<img id=\"deep\" src=\"/2024/05/rel.png\">\n\n"
                            "![markdown](/assets/x.png)\n"));
    QCOMPARE(imageWidth(*view, QStringLiteral("root")), 40);
    QCOMPARE(imageWidth(*view, QStringLiteral("relative")), 40);
    QCOMPARE(imageWidth(*view, QStringLiteral("base")), 40);
    QCOMPARE(imageWidth(*view, QStringLiteral("liquid")), 40);
    QCOMPARE(imageWidth(*view, QStringLiteral("deep")), 24);
    QTRY_COMPARE_WITH_TIMEOUT(
        js(*view, QStringLiteral("(function () { const i = document.querySelector('img[alt]');"
                                 " return i.complete ? i.naturalWidth : -1; })()")),
        QVariant(40), kTimeout);

    // Another site root: the same path now names that folder's file.
    QTemporaryDir other;
    QVERIFY(QDir(other.path()).mkpath(QStringLiteral("assets")));
    QVERIFY(writeImage(other.filePath(QStringLiteral("assets/x.png")), 64, 8, Qt::blue));
    QSignalSpy loaded(view.get(), &QWebEngineView::loadFinished);
    view->setSiteRoot(other.path());
    QVERIFY(loaded.wait(kTimeout));
    QCOMPARE(imageWidth(*view, QStringLiteral("root")), 64);
}

void TestPreviewView::traversalIsRefused_data()
{
    QTest::addColumn<QString>("src");
    QTest::newRow("dot-dot") << QStringLiteral("/../secret.png");
    QTest::newRow("dot-dot deep") << QStringLiteral("/assets/../../secret.png");
    QTest::newRow("encoded dot-dot") << QStringLiteral("/%2e%2e/secret.png");
    QTest::newRow("encoded upper") << QStringLiteral("/assets/%2E%2E/%2E%2E/secret.png");
    QTest::newRow("encoded slash") << QStringLiteral("/assets/..%2f..%2fsecret.png");
    QTest::newRow("double encoded") << QStringLiteral("/%252e%252e/secret.png");
    QTest::newRow("backslash") << QStringLiteral("/assets/..\\..\\secret.png");
    QTest::newRow("encoded backslash") << QStringLiteral("/assets/..%5c..%5csecret.png");
    QTest::newRow("symlinked file") << QStringLiteral("/assets/link.png");
    QTest::newRow("symlinked folder") << QStringLiteral("/outside/secret.png");
    QTest::newRow("dotfile") << QStringLiteral("/.hidden.png");
    QTest::newRow("file url") << QStringLiteral("file://@DIR@/secret.png");
    QTest::newRow("other host") << QStringLiteral("meetdown://app/../secret.png");
    QTest::newRow("liquid dot-dot") << QStringLiteral("{{ site.baseurl }}/../secret.png");
}

void TestPreviewView::traversalIsRefused()
{
    QFETCH(QString, src);
    src.replace(QLatin1String("@DIR@"), m_dir.path());
    const auto view = makeView();
    // The control image proves images load at all, so a refusal below means something.
    QVERIFY(showPost(*view, "<img id=\"control\" src=\"/assets/x.png\">\n"
                            "<img id=\"probe\" src=\"" +
                                src.toUtf8() + "\">\n"));
    QCOMPARE(imageWidth(*view, QStringLiteral("control")), 40);
    QCOMPARE(imageWidth(*view, QStringLiteral("probe")), 0);
}

void TestPreviewView::resolveRefusesEscapes_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected"); // relative to the temporary folder, or empty
    QTest::newRow("file") << "/assets/x.png"
                          << "site/assets/x.png";
    QTest::newRow("double slash") << "//assets//x.png"
                                  << "site/assets/x.png";
    QTest::newRow("baseurl") << "/blog/assets/x.png"
                             << "site/assets/x.png";
    QTest::newRow("liquid") << "/{{site.baseurl}}/assets/x.png"
                            << "site/assets/x.png";
    QTest::newRow("liquid url") << "/{{ site.url }}{{ site.baseurl }}/assets/x.png"
                                << "site/assets/x.png";
    QTest::newRow("root") << "/"
                          << "";
    QTest::newRow("folder") << "/assets"
                            << "";
    QTest::newRow("missing") << "/assets/none.png"
                             << "";
    QTest::newRow("dot-dot") << "/../secret.png"
                             << "";
    QTest::newRow("dot-dot inside") << "/assets/../assets/x.png"
                                    << "";
    QTest::newRow("dot") << "/./assets/x.png"
                         << "";
    QTest::newRow("baseurl dot-dot") << "/blog/../secret.png"
                                     << "";
    QTest::newRow("liquid dot-dot") << "/{{ site.baseurl }}/../secret.png"
                                    << "";
    QTest::newRow("backslash") << "/assets\\..\\..\\secret.png"
                               << "";
    QTest::newRow("nul") << QStringLiteral("/assets/x.png") + QChar::Null << "";
    QTest::newRow("symlinked file") << "/assets/link.png"
                                    << "";
    QTest::newRow("symlinked folder") << "/outside/secret.png"
                                      << "";
    QTest::newRow("dotfile") << "/.hidden.png"
                             << "";
}

void TestPreviewView::resolveRefusesEscapes()
{
    QFETCH(QString, path);
    QFETCH(QString, expected);
    const QString resolved = SiteSchemeHandler::resolve(m_site, QStringLiteral("/blog"), path);
    const QString wanted =
        expected.isEmpty() ? QString() : QFileInfo(m_dir.filePath(expected)).canonicalFilePath();
    QCOMPARE(resolved, wanted);
    // The root itself may not be "/" (it would publish the disk), nor missing.
    QCOMPARE(SiteSchemeHandler::resolve(QStringLiteral("/"), {}, QStringLiteral("/etc/hostname")),
             QString());
    QCOMPARE(SiteSchemeHandler::resolve(QString(), {}, QStringLiteral("/assets/x.png")), QString());
}

void TestPreviewView::hostilePostStaysInert_data()
{
    // Payloads in the style of the script-execution bugs reported against Markdown editors
    // (Typora, MarkText, Joplin), plus ways to move the page away from the template. `action`
    // is run with the page's privileges after the post is shown, as a reader's click would.
    QTest::addColumn<QByteArray>("markdown");
    QTest::addColumn<QString>("action");
    const QString clickFirstLink =
        QStringLiteral("document.querySelector('#post-content a').click()");
    const QString submitForm =
        QStringLiteral("document.querySelector('#post-content form').requestSubmit()");

    QTest::newRow("script") << QByteArray("<script>window.pwned = 1;</script>\n") << QString();
    QTest::newRow("img onerror") << QByteArray(
                                        "<img src=\"nope.png\" onerror=\"window.pwned=1\">\n")
                                 << QString();
    QTest::newRow("svg onload")
        << QByteArray("<svg onload=\"window.pwned=1\"><animate onbegin=\"window.pwned=1\" "
                      "attributeName=\"x\" dur=\"1s\"/></svg>\n")
        << QString();
    QTest::newRow("details ontoggle")
        << QByteArray("<details open ontoggle=\"window.pwned=1\"><summary>s</summary></details>\n")
        << QString();
    QTest::newRow("autofocus onfocus")
        << QByteArray("<input autofocus onfocus=\"window.pwned=1\">\n") << QString();
    QTest::newRow("javascript link")
        << QByteArray("<a href=\"javascript:window.pwned=1\">x</a>\n") << clickFirstLink;
    QTest::newRow("markdown javascript link")
        << QByteArray("[click](javascript:window.pwned=1)\n") << clickFirstLink;
    QTest::newRow("iframe srcdoc")
        << QByteArray("<iframe srcdoc=\"<script>parent.pwned=1</script>\"></iframe>\n")
        << QString();
    QTest::newRow("iframe javascript")
        << QByteArray("<iframe src=\"javascript:parent.pwned=1\"></iframe>\n") << QString();
    QTest::newRow("iframe site document")
        << QByteArray("<iframe src=\"/evil.html\"></iframe>\n") << QString();
    QTest::newRow("object site document")
        << QByteArray("<object data=\"/evil.html\"></object>\n") << QString();
    QTest::newRow("object svg")
        << QByteArray("<object data=\"/evil.svg\" type=\"image/svg+xml\"></object>\n") << QString();
    QTest::newRow("embed svg") << QByteArray("<embed src=\"/evil.svg\" type=\"image/svg+xml\">\n")
                               << QString();
    // @SERVER@ is a local web server: without protection, these navigations would succeed.
    QTest::newRow("meta refresh")
        << QByteArray("<meta http-equiv=\"refresh\" content=\"0;url=@SERVER@/away\">\n")
        << QString();
    QTest::newRow("meta refresh self")
        << QByteArray("<meta http-equiv=\"refresh\" content=\"0\">\n") << QString();
    QTest::newRow("form") << QByteArray(
                                 "<form action=\"@SERVER@/steal\" method=\"post\">"
                                 "<input name=\"a\" value=\"b\"><button>go</button></form>\n")
                          << submitForm;
    QTest::newRow("form javascript")
        << QByteArray("<form action=\"javascript:window.pwned=1\"><button>go</button></form>\n")
        << submitForm;
    QTest::newRow("form button formaction")
        << QByteArray("<form><button formaction=\"javascript:window.pwned=1\">go</button></form>\n")
        << QStringLiteral("document.querySelector('#post-content button').click()");
    QTest::newRow("base href") << QByteArray("<base href=\"@SERVER@/\">\n\n[relative](page.html)\n")
                               << clickFirstLink;
    QTest::newRow("file link") << QByteArray("[passwd](file:///etc/passwd)\n") << clickFirstLink;
    QTest::newRow("site link") << QByteArray("[photo](/assets/x.png)\n") << clickFirstLink;
}

void TestPreviewView::hostilePostStaysInert()
{
    QFETCH(QByteArray, markdown);
    QFETCH(QString, action);
    ImageServer server;
    QVERIFY(server.listen());
    markdown.replace("@SERVER@", server.url({}).chopped(1).toUtf8());
    const auto view = makeView();
    QVERIFY(showPost(*view, "start\n"));
    const QUrl pageUrl = view->url();
    const QVariant pageHref = js(*view, QStringLiteral("location.href"));
    QCOMPARE(pageHref, QVariant(pageUrl.toString()));

    // Set by the test, so it survives only if the document is never replaced.
    js(*view, QStringLiteral("window.survivor = 42"));
    QSignalSpy loads(view.get(), &QWebEngineView::loadFinished);
    QSignalSpy finished(view.get(), &PreviewView::renderFinished);
    const int refusedBefore = g_refusedNavigations;
    view->setPost({}, "Text before.\n\n" + markdown + "\nText after.\n", 1);
    QVERIFY(finished.wait(kTimeout));
    // The hostile markup is in the DOM (kept, as Jekyll keeps it), only inert.
    QVERIFY(
        js(*view, QStringLiteral("document.body.textContent.includes('Text after.')")).toBool());
    if (!action.isEmpty())
        js(*view, action);
    // Room for a 0-second refresh, frame loads and error events to happen.
    QTest::qWait(1000);

    QCOMPARE(js(*view, QStringLiteral("typeof window.pwned")),
             QVariant(QStringLiteral("undefined")));
    QCOMPARE(js(*view, QStringLiteral("location.href")), pageHref);
    QCOMPARE(js(*view, QStringLiteral("document.baseURI")), pageHref);
    QCOMPARE(view->url(), pageUrl);
    QCOMPARE(js(*view, QStringLiteral("window.survivor")), QVariant(42));
    // A refused navigation reports a failed load; no load may succeed.
    for (const QList<QVariant> &load : std::as_const(loads))
        QCOMPARE(load.value(0), QVariant(false));
    // Only a clicked web link goes to the browser, and none of these is one.
    QVERIFY2(m_opened.isEmpty(), qPrintable(m_opened.value(0).toString()));
    QCOMPARE(server.requests(), 0);
    // A refused refresh is not retried in a loop.
    QVERIFY2(g_refusedNavigations - refusedBefore <= 2,
             qPrintable(QString::number(g_refusedNavigations - refusedBefore)));

    // The page still takes updates.
    QVERIFY(showPost(*view, "after\n"));
    QCOMPARE(
        js(*view, QStringLiteral("document.getElementById('post-content').textContent.trim()")),
        QVariant(QStringLiteral("after")));
    QCOMPARE(js(*view, QStringLiteral("typeof window.pwned")),
             QVariant(QStringLiteral("undefined")));
}

void TestPreviewView::clickedWebLinkOpensOutside()
{
    const auto view = makeView();
    QVERIFY(showPost(*view, "<p><a id=\"web\" href=\"https://example.com/talk\" "
                            "style=\"display:inline-block;padding:20px\">talk</a></p>\n\n"
                            "<p><a id=\"blank\" target=\"_blank\" href=\"https://example.com/new\" "
                            "style=\"display:inline-block;padding:20px\">new</a></p>\n"));
    const QUrl pageUrl = view->url();
    const auto centre = [&](const QString &id) {
        const QVariantList box =
            js(*view, QStringLiteral("(function () { const r = document.getElementById('%1')"
                                     ".getBoundingClientRect(); return [r.x + r.width / 2,"
                                     " r.y + r.height / 2]; })()")
                          .arg(id))
                .toList();
        return QPoint(qRound(box.value(0).toDouble()), qRound(box.value(1).toDouble()));
    };
    QWidget *surface = view->focusProxy();
    QVERIFY(surface);

    QTest::mouseClick(surface, Qt::LeftButton, {}, centre(QStringLiteral("web")));
    QTRY_COMPARE_WITH_TIMEOUT(m_opened.size(), 1, kTimeout);
    QCOMPARE(m_opened.first(), QUrl(QStringLiteral("https://example.com/talk")));

    QTest::mouseClick(surface, Qt::LeftButton, {}, centre(QStringLiteral("blank")));
    QTRY_COMPARE_WITH_TIMEOUT(m_opened.size(), 2, kTimeout);
    QCOMPARE(m_opened.last(), QUrl(QStringLiteral("https://example.com/new")));

    QTest::qWait(300);
    QCOMPARE(m_opened.size(), 2);
    QCOMPARE(view->url(), pageUrl);
}

void TestPreviewView::fragmentLinkScrollsInPage()
{
    const auto view = makeView();
    QVERIFY(showPost(*view, "[to the agenda](#the-agenda)\n\n" + paragraphs(100) +
                                "## The Agenda\n\nTalks.\n\n" + paragraphs(50)));
    const QVariant pageHref = js(*view, QStringLiteral("location.href"));
    js(*view, QStringLiteral("document.querySelector('#post-content a').click()"));
    // Scroll offsets snap to whole pixels; the heading's top may not.
    QTRY_VERIFY_WITH_TIMEOUT(
        js(*view, QStringLiteral("Math.abs(document.querySelector('#post-content h2')"
                                 ".getBoundingClientRect().top) <= 1"))
            .toBool(),
        kTimeout);
    QCOMPARE(js(*view, QStringLiteral("location.href")), pageHref);
    QVERIFY(m_opened.isEmpty());
}

void TestPreviewView::remoteImagesFollowSetting()
{
    ImageServer server;
    QVERIFY(server.listen());
    const auto view = makeView();
    QVERIFY(view->remoteImagesAllowed());
    QVERIFY(showPost(*view, "<img id=\"remote\" src=\"" +
                                server.url(QStringLiteral("a.png")).toUtf8() + "\">\n"));
    QCOMPARE(imageWidth(*view, QStringLiteral("remote")), 20);
    QVERIFY(server.requests() >= 1);

    QSignalSpy loaded(view.get(), &QWebEngineView::loadFinished);
    view->setRemoteImagesAllowed(false);
    QVERIFY(!view->remoteImagesAllowed());
    QVERIFY(loaded.wait(kTimeout));
    const int requestsBefore = server.requests();
    QVERIFY(showPost(*view, "<img id=\"remote\" src=\"" +
                                server.url(QStringLiteral("b.png")).toUtf8() +
                                "\">\n<img id=\"local\" src=\"/assets/x.png\">\n"));
    QCOMPARE(imageWidth(*view, QStringLiteral("local")), 40);
    QCOMPARE(imageWidth(*view, QStringLiteral("remote")), 0);
    QCOMPARE(server.requests(), requestsBefore);

    loaded.clear();
    view->setRemoteImagesAllowed(true);
    QVERIFY(loaded.wait(kTimeout));
    QTRY_COMPARE_WITH_TIMEOUT(
        js(*view, QStringLiteral("document.getElementById('remote') !== null")), QVariant(true),
        kTimeout);
    QCOMPARE(imageWidth(*view, QStringLiteral("remote")), 20);
}

void TestPreviewView::siteStyleAppliesInPlace_data()
{
    QTest::addColumn<QString>("baseurl");
    QTest::newRow("root") << QString();
    QTest::newRow("baseurl") << QStringLiteral("/meetup");
}

void TestPreviewView::siteStyleAppliesInPlace()
{
    QFETCH(QString, baseurl);
    // The built page links the stylesheet as the site's layout would, with the baseurl.
    QTemporaryDir site;
    QVERIFY(site.isValid());
    QVERIFY(QDir(site.path()).mkpath(QStringLiteral("_site")));
    QVERIFY(writeFile(site.filePath(QStringLiteral("_site/index.html")),
                      "<link rel=\"stylesheet\" href=\"" + baseurl.toUtf8() + "/css/main.css\">"));
    QVERIFY(QDir(site.path()).mkpath(QStringLiteral("_site/css/fonts")));
    QVERIFY(QDir(site.path()).mkpath(QStringLiteral("_site/assets")));
    for (const char *name : {"css/main.css", "css/fonts/x.woff", "assets/theme.ttf"})
        QVERIFY(QFile::copy(m_styled + QStringLiteral("/_site/") + QLatin1String(name),
                            site.filePath(QStringLiteral("_site/") + QLatin1String(name))));
    const SiteStyle style = SiteStylesheet::find(site.path(), baseurl);
    QVERIFY2(style.problem.isEmpty(), qPrintable(style.problem));
    QCOMPARE(style.files.size(), 1);

    const auto view = makeView();
    view->setSiteRoot(site.path());
    view->setBaseUrl(baseurl);
    QVERIFY(showPost(*view, "A paragraph.\n"));
    const QString meetdownColour = paragraphColour(*view);
    QVERIFY(!meetdownColour.isEmpty());
    QVERIFY(meetdownColour != QLatin1String("rgb(1, 2, 3)"));
    QCOMPARE(js(*view, QStringLiteral("document.documentElement.dataset.look")),
             QVariant(QStringLiteral("meetdown")));
    js(*view, QStringLiteral("window.survivor = 42"));
    QSignalSpy loads(view.get(), &QWebEngineView::loadStarted);

    QVERIFY(applyStyle(*view, style.files, style.builtDir));
    QCOMPARE(view->stylesheets(), style.files);
    QCOMPARE(paragraphColour(*view), QStringLiteral("rgb(1, 2, 3)"));
    QCOMPARE(js(*view, QStringLiteral("document.documentElement.dataset.look")),
             QVariant(QStringLiteral("site")));
    // The site's look replaces Meetdown's: post.css no longer applies.
    QCOMPARE(js(*view, QStringLiteral("getComputedStyle(document.querySelector('.wrapper'))"
                                      ".maxWidth")),
             QVariant(QStringLiteral("none")));
    // url() relative to the stylesheet, and a site-root one only _site holds.
    QVERIFY(fontLoads(*view, QStringLiteral("SiteFont")));
    QVERIFY(fontLoads(*view, QStringLiteral("ThemeFont")));

    // And back to Meetdown's look.
    QVERIFY(applyStyle(*view, {}));
    QVERIFY(view->stylesheets().isEmpty());
    QCOMPARE(paragraphColour(*view), meetdownColour);
    QCOMPARE(js(*view, QStringLiteral("document.querySelectorAll('link.site-style').length")),
             QVariant(0));
    QCOMPARE(js(*view, QStringLiteral("getComputedStyle(document.querySelector('.wrapper'))"
                                      ".maxWidth")),
             QVariant(QStringLiteral("740px")));

    // Not one reload: the document is the same one, with the content it had.
    QCOMPARE(loads.count(), 0);
    QCOMPARE(js(*view, QStringLiteral("window.survivor")), QVariant(42));
    QCOMPARE(js(*view, QStringLiteral("document.querySelector('#post-content p').textContent")),
             QVariant(QStringLiteral("A paragraph.")));
}

void TestPreviewView::styleFileOutsideSite()
{
    const auto view = makeView();
    QVERIFY(showPost(*view, "A paragraph.\n"));
    // A stylesheet chosen by the user anywhere on the disk: its own folder is served for it.
    QVERIFY(applyStyle(*view, {m_dir.filePath(QStringLiteral("elsewhere/theme.css"))}));
    QCOMPARE(paragraphColour(*view), QStringLiteral("rgb(4, 5, 6)"));
    QVERIFY(fontLoads(*view, QStringLiteral("OwnFont")));
    // That folder is not the site: a post's site-root paths still do not reach it.
    QVERIFY(showPost(*view, "<img id=\"probe\" src=\"/fonts/pic.png\">\n\n"
                            "<img id=\"control\" src=\"/assets/x.png\">\n"));
    QCOMPARE(imageWidth(*view, QStringLiteral("control")), 40);
    QCOMPARE(imageWidth(*view, QStringLiteral("probe")), 0);
    // Through the style folder a post reaches what a stylesheet loads, and nothing else there.
    QVERIFY(showPost(*view, "<img id=\"asset\" src=\"/.style/fonts/pic.png\">\n\n"
                            "<img id=\"other\" src=\"/.style/fonts/notes.txt\">\n"));
    QCOMPARE(imageWidth(*view, QStringLiteral("asset")), 20);
    QCOMPARE(imageWidth(*view, QStringLiteral("other")), 0);
}

void TestPreviewView::styleEscapesAreRefused()
{
    // A built page whose stylesheets leave _site by "..", and by a symlink: the finder gives none.
    QTemporaryDir site;
    QVERIFY(QDir(site.path()).mkpath(QStringLiteral("_site/css")));
    QVERIFY(writeFile(site.filePath(QStringLiteral("_site/index.html")),
                      "<link rel=\"stylesheet\" href=\"../../outside.css\">"
                      "<link rel=\"stylesheet\" href=\"/../outside.css\">"
                      "<link rel=\"stylesheet\" href=\"/css/link.css\">"));
    QVERIFY(QFile::link(m_dir.filePath(QStringLiteral("outside.css")),
                        site.filePath(QStringLiteral("_site/css/link.css"))));
    const SiteStyle refused = SiteStylesheet::find(site.path(), {});
    QVERIFY(refused.files.isEmpty());
    QVERIFY(!refused.problem.isEmpty());

    const auto view = makeView();
    QVERIFY(showPost(*view, "A paragraph.\n"));
    const QString meetdownColour = paragraphColour(*view);
    // Handed to the view directly, the symlink is left out too: its target is outside the root.
    view->setStylesheets({site.filePath(QStringLiteral("_site/css/link.css"))},
                         site.filePath(QStringLiteral("_site")));
    QVERIFY(view->stylesheets().isEmpty());
    QTest::qWait(300);
    QCOMPARE(paragraphColour(*view), meetdownColour);

    // The styled site's main.css imports link.css, a symlink out of _site; the handler refuses
    // it, and whatever else the page asks for under the style folder that leaves it.
    const QString styledBuilt = m_styled + QStringLiteral("/_site");
    QVERIFY(applyStyle(*view, {styledBuilt + QStringLiteral("/css/main.css")}, styledBuilt));
    QCOMPARE(paragraphColour(*view), QStringLiteral("rgb(1, 2, 3)"));
    const QString probe =
        QStringLiteral("(function () {"
                       " const l = document.createElement('link'); l.rel = 'stylesheet';"
                       " l.href = '%1'; l.onload = function () { window.probe = 'loaded'; };"
                       " l.onerror = function () { window.probe = 'refused'; };"
                       " window.probe = undefined; document.head.append(l); })()");
    const QStringList escapes = {
        QStringLiteral("/.style/css/link.css"),
        QStringLiteral("/.style/%2e%2e/%2e%2e/outside.css"),
        QStringLiteral("/.style/css/..%2f..%2f..%2foutside.css"),
        QStringLiteral("/.style/../../outside.css"),
        QStringLiteral("/.style/..%5c..%5coutside.css"),
    };
    for (const QString &href : escapes) {
        js(*view, probe.arg(href));
        QTRY_VERIFY_WITH_TIMEOUT(js(*view, QStringLiteral("window.probe")).isValid(), kTimeout);
        QCOMPARE(js(*view, QStringLiteral("window.probe")), QVariant(QStringLiteral("refused")));
        QCOMPARE(paragraphColour(*view), QStringLiteral("rgb(1, 2, 3)"));
    }
    // The control: a file inside the root does load this way.
    js(*view, probe.arg(QStringLiteral("/.style/css/main.css")));
    QTRY_COMPARE_WITH_TIMEOUT(js(*view, QStringLiteral("window.probe")),
                              QVariant(QStringLiteral("loaded")), kTimeout);
}

void TestPreviewView::remoteStylesNeverLoad()
{
    ImageServer server;
    QVERIFY(server.listen());
    const QByteArray remote = server.url(QStringLiteral("remote.css")).toUtf8();
    // The finder leaves the web out of the site's stylesheets.
    QTemporaryDir site;
    QVERIFY(QDir(site.path()).mkpath(QStringLiteral("_site")));
    QVERIFY(writeFile(site.filePath(QStringLiteral("_site/index.html")),
                      "<link rel=\"stylesheet\" href=\"" + remote + "\">"));
    QVERIFY(SiteStylesheet::find(site.path(), {}).files.isEmpty());

    // A local stylesheet that imports one from the web, and a post that links one: remote
    // images are allowed, remote styles still are not.
    QVERIFY(writeFile(site.filePath(QStringLiteral("_site/local.css")),
                      "@import url(" + remote + ");\np { color: rgb(7, 7, 7); }\n"));
    const auto view = makeView();
    QVERIFY(view->remoteImagesAllowed());
    QVERIFY(showPost(*view, "<link rel=\"stylesheet\" href=\"" + remote + "\">\n\nText.\n"));
    QVERIFY(applyStyle(*view, {site.filePath(QStringLiteral("_site/local.css"))}));
    QCOMPARE(paragraphColour(*view), QStringLiteral("rgb(7, 7, 7)"));
    QTest::qWait(500);
    QCOMPARE(server.requests(), 0);
}

void TestPreviewView::styleSwitchKeepsPlace()
{
    const auto view = makeView();
    // Paragraph i is on line 1 + 2i.
    QVERIFY(showPost(*view, paragraphs(300)));
    js(*view, QStringLiteral("window.survivor = 42"));
    QSignalSpy loads(view.get(), &QWebEngineView::loadStarted);
    QSignalSpy finished(view.get(), &PreviewView::renderFinished);
    view->scrollToSourceLine(1 + 2 * 120);
    const QString atTop = QStringLiteral(
        "Math.abs(document.querySelector('[data-source-line=\"241\"]').getBoundingClientRect().top)"
        " <= 2");
    QTRY_VERIFY_WITH_TIMEOUT(js(*view, atTop).toBool(), kTimeout);
    const int meetdownY = js(*view, QStringLiteral("Math.round(window.scrollY)")).toInt();
    QVERIFY(meetdownY > 1000);

    // The site's paragraphs are twice as tall: the page moves, the reader's paragraph stays.
    const QString built = m_styled + QStringLiteral("/_site");
    QVERIFY(applyStyle(*view, {built + QStringLiteral("/css/main.css")}, built));
    QCOMPARE(paragraphColour(*view), QStringLiteral("rgb(1, 2, 3)"));
    QVERIFY(js(*view, QStringLiteral("Math.round(window.scrollY)")).toInt() != meetdownY);
    QVERIFY2(
        js(*view, atTop).toBool(),
        qPrintable(js(*view, QStringLiteral("document.querySelector('[data-source-line=\"241\"]')"
                                            ".getBoundingClientRect().top"))
                       .toString()));
    QVERIFY(applyStyle(*view, {}));
    QVERIFY(js(*view, atTop).toBool());
    // Where the block's top falls between pixels, a pixel either way.
    QVERIFY(qAbs(js(*view, QStringLiteral("Math.round(window.scrollY)")).toInt() - meetdownY) <= 2);

    // The same again changes nothing and is not sent.
    QSignalSpy applied(view.get(), &PreviewView::styleApplied);
    view->setStylesheets({});
    QTest::qWait(200);
    QCOMPARE(applied.count(), 0);

    QCOMPARE(loads.count(), 0);
    QCOMPARE(finished.count(), 0); // the post was not sent again
    QCOMPARE(js(*view, QStringLiteral("window.survivor")), QVariant(42));
}

void TestPreviewView::styleSurvivesNewPage()
{
    const auto view = makeView();
    QVERIFY(showPost(*view, "A paragraph.\n"));
    const QString built = m_styled + QStringLiteral("/_site");
    QVERIFY(applyStyle(*view, {built + QStringLiteral("/css/main.css")}, built));
    // Another post's folder reloads the page: the look comes with the template, not after it.
    QSignalSpy loaded(view.get(), &QWebEngineView::loadFinished);
    view->setSiteRoot(m_styled);
    QVERIFY(loaded.wait(kTimeout));
    QCOMPARE(js(*view, QStringLiteral("document.documentElement.dataset.look")),
             QVariant(QStringLiteral("site")));
    QCOMPARE(js(*view, QStringLiteral("document.querySelectorAll('link.site-style').length")),
             QVariant(1));
    QTRY_COMPARE_WITH_TIMEOUT(
        js(*view, QStringLiteral("document.querySelector('#post-content p') !== null")),
        QVariant(true), kTimeout);
    QCOMPARE(paragraphColour(*view), QStringLiteral("rgb(1, 2, 3)"));
}

void TestPreviewView::darkPaletteLeavesSiteColours()
{
    const auto view = makeView();
    QVERIFY(showPost(*view, "A paragraph.\n"));
    js(*view, QStringLiteral("window.survivor = 42"));
    QSignalSpy loads(view.get(), &QWebEngineView::loadStarted);
    QPalette dark = view->palette();
    dark.setColor(QPalette::Window, QColor(30, 30, 30));
    QSignalSpy applied(view.get(), &PreviewView::styleApplied);
    view->setPalette(dark);
    QVERIFY(applied.wait(kTimeout));
    QCOMPARE(js(*view, QStringLiteral("document.documentElement.dataset.theme")),
             QVariant(QStringLiteral("dark")));
    QCOMPARE(js(*view, QStringLiteral("document.getElementById('color-scheme').content")),
             QVariant(QStringLiteral("dark")));
    const QString darkColour = paragraphColour(*view);

    // The site's stylesheets decide the colours: no dark canvas under them.
    const QString built = m_styled + QStringLiteral("/_site");
    QVERIFY(applyStyle(*view, {built + QStringLiteral("/css/main.css")}, built));
    QCOMPARE(js(*view, QStringLiteral("document.getElementById('color-scheme').content")),
             QVariant(QStringLiteral("light")));
    QCOMPARE(js(*view, QStringLiteral("getComputedStyle(document.body).backgroundColor")),
             QVariant(QStringLiteral("rgba(0, 0, 0, 0)")));
    QCOMPARE(paragraphColour(*view), QStringLiteral("rgb(1, 2, 3)"));
    // Back to Meetdown's look, still dark.
    QVERIFY(applyStyle(*view, {}));
    QCOMPARE(paragraphColour(*view), darkColour);
    QCOMPARE(loads.count(), 0);
    QCOMPARE(js(*view, QStringLiteral("window.survivor")), QVariant(42));
}

void TestPreviewView::blocksCutAtTopLevel_data()
{
    QTest::addColumn<QByteArray>("html");
    QTest::addColumn<QList<QByteArray>>("blocks");
    using Blocks = QList<QByteArray>;
    QTest::newRow("paragraphs") << QByteArray("<p>a\nb</p>\n<p>c</p>\n")
                                << Blocks{"<p>a\nb</p>\n", "<p>c</p>\n"};
    QTest::newRow("list") << QByteArray("<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<hr>\n")
                          << Blocks{"<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n", "<hr>\n"};
    QTest::newRow("no final newline")
        << QByteArray("<p>a</p>\n<p>b</p>") << Blocks{"<p>a</p>\n", "<p>b</p>"};
    QTest::newRow("open div") << QByteArray("<div>\n<p>a</p>\n</div>\n<p>b</p>\n")
                              << Blocks{"<div>\n<p>a</p>\n</div>\n", "<p>b</p>\n"};
    QTest::newRow("unclosed div") << QByteArray("<div>\n<p>a</p>\n<p>b</p>\n")
                                  << Blocks{"<div>\n<p>a</p>\n<p>b</p>\n"};
    // The parser reopens <b> in the next paragraph: the two must stay together.
    QTest::newRow("dangling formatting")
        << QByteArray("<p>a <b>bold</p>\n<p>still bold</p>\n<p>c</b></p>\n<p>d</p>\n")
        << Blocks{"<p>a <b>bold</p>\n<p>still bold</p>\n<p>c</b></p>\n", "<p>d</p>\n"};
    QTest::newRow("implied paragraph end") << QByteArray("<p>a\n<div>b</div>\n<p>c</p>\n")
                                           << Blocks{"<p>a\n<div>b</div>\n", "<p>c</p>\n"};
    QTest::newRow("comment") << QByteArray("<!-- a\n<div>\n-->\n<p>b</p>\n")
                             << Blocks{"<!-- a\n<div>\n-->\n", "<p>b</p>\n"};
    QTest::newRow("script") << QByteArray("<script>\nif (a<b) x = '</div>';\n</script>\n<p>b</p>\n")
                            << Blocks{"<script>\nif (a<b) x = '</div>';\n</script>\n",
                                      "<p>b</p>\n"};
    QTest::newRow("quoted attribute") << QByteArray("<a title=\"x>\ny\">l</a>\n<p>b</p>\n")
                                      << Blocks{"<a title=\"x>\ny\">l</a>\n", "<p>b</p>\n"};
    QTest::newRow("svg") << QByteArray("<svg><path d=\"M0\"/>\n<rect/></svg>\n<p>b</p>\n")
                         << Blocks{"<svg><path d=\"M0\"/>\n<rect/></svg>\n", "<p>b</p>\n"};
    QTest::newRow("html self-closing")
        << QByteArray("<div/>\n<p>a</p>\n") << Blocks{"<div/>\n<p>a</p>\n"};
    QTest::newRow("unterminated tag") << QByteArray("<p>a</p>\n<img src=\"x\n<p>b</p>\n")
                                      << Blocks{"<p>a</p>\n", "<img src=\"x\n<p>b</p>\n"};
    QTest::newRow("plaintext") << QByteArray("<plaintext>\n<p>a</p>\n")
                               << Blocks{"<plaintext>\n<p>a</p>\n"};
}

void TestPreviewView::blocksCutAtTopLevel()
{
    QFETCH(QByteArray, html);
    QFETCH(QList<QByteArray>, blocks);
    QList<QByteArray> cut;
    for (const Meetdown::HtmlBlock &block : HtmlBlocks::split(html))
        cut.append(block.html);
    QCOMPARE(cut, blocks);
}

void TestPreviewView::blocksParseAsInPlace()
{
    // Chromium's parser is the judge: every block parsed alone must give the nodes the whole
    // document gives in place, over every real post in the corpus and some hostile HTML.
    QList<QByteArray> documents = {
        "<p>x <b>y</p>\n<p>z</p>\n<table>\n<tr><td>a\n</table>\n<ul><li>a\n<li>b\n</ul>\n"
        "<p>a<p>b\n<dl><dt>a<dd>b\n</dl>\n<a href=x>1<a href=y>2</a>\n<select><option>a\n"
        "</select>\n<textarea>\n</div>\n</textarea>\n<h1>a<h2>b</h2>\n<math><mi>x</mi></math>\n",
    };
    QDirIterator posts(QStringLiteral(MEETDOWN_CORPUS_DIR), {QStringLiteral("*.md")}, QDir::Files,
                       QDirIterator::Subdirectories);
    while (posts.hasNext()) {
        QFile file(posts.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        Meetdown::RenderOptions options;
        options.sourceLines = true;
        documents.append(Meetdown::MarkdownRenderer::render(file.readAll(), options).html);
    }
    QVERIFY2(documents.size() > 100, "the corpus of real posts is missing");

    const auto view = makeView();
    QVERIFY(showPost(*view, "start\n"));
    qsizetype multiBlock = 0;
    for (const QByteArray &html : std::as_const(documents)) {
        QJsonArray blocks;
        for (const Meetdown::HtmlBlock &block : HtmlBlocks::split(html))
            blocks.append(QString::fromUtf8(block.html));
        multiBlock += blocks.size() > 1;
        const QString script =
            QStringLiteral("(function (blocks) {"
                           " const whole = document.createElement('div');"
                           " whole.innerHTML = blocks.join('');"
                           " const parts = document.createElement('div');"
                           " for (const html of blocks) {"
                           "   const one = document.createElement('div');"
                           "   one.innerHTML = html;"
                           "   parts.append(...one.childNodes);"
                           " }"
                           " return whole.innerHTML === parts.innerHTML; })(%1)")
                .arg(QString::fromUtf8(QJsonDocument(blocks).toJson(QJsonDocument::Compact)));
        QVERIFY2(js(*view, script).toBool(), html.left(2000).constData());
    }
    // The splitter must actually split, or the check above proves nothing.
    QVERIFY(multiBlock > documents.size() / 2);
}

void TestPreviewView::blockPatchKeepsAndShifts()
{
    const auto blocks = [](const QByteArray &markdown) {
        Meetdown::RenderOptions options;
        options.sourceLines = true;
        return HtmlBlocks::split(Meetdown::MarkdownRenderer::render(markdown, options).html);
    };
    const QByteArray before = "# Title\n\none\n\ntwo\n\n- a\n- b\n\nthree\n";
    // A letter typed in "two": one block differs.
    auto patch =
        HtmlBlocks::diff(blocks(before), blocks("# Title\n\none\n\ntwoo\n\n- a\n- b\n\nthree\n"));
    QCOMPARE(patch.head, 2);
    QCOMPARE(patch.tail, 2);
    QCOMPARE(patch.shift, 0);
    // A line added above "two": the blocks below keep their shape and move down two lines.
    patch = HtmlBlocks::diff(blocks(before),
                             blocks("# Title\n\none\n\nnew\n\ntwo\n\n- a\n- b\n\nthree\n"));
    QCOMPARE(patch.head, 2);
    QCOMPARE(patch.tail, 3);
    QCOMPARE(patch.shift, 2);
    // A blank line inside the list moves only its second item: the list is not kept as shifted.
    patch =
        HtmlBlocks::diff(blocks(before), blocks("# Title\n\none\n\ntwo\n\n- a\n\n- b\n\nthree\n"));
    QCOMPARE(patch.head, 3);
    QCOMPARE(patch.tail, 1);
    QCOMPARE(patch.shift, 1);
    // Nothing shown yet: everything is new.
    patch = HtmlBlocks::diff({}, blocks(before));
    QCOMPARE(patch.head, 0);
    QCOMPARE(patch.tail, 0);
}

void TestPreviewView::patchedPageEqualsFreshPage()
{
    // A series of edits applied as patches must leave exactly the DOM a fresh page shows.
    QByteArray markdown = "# Report\n\n" + paragraphs(40) + "- a\n- b\n\n" + paragraphs(40, "More");
    const auto view = makeView();
    QVERIFY(showPost(*view, markdown));
    const auto edit = [&](const QByteArray &from, const QByteArray &to) {
        QVERIFY2(markdown.contains(from), from.constData());
        markdown.replace(markdown.indexOf(from), from.size(), to);
        QVERIFY(showPost(*view, markdown));
    };
    edit("Paragraph 5 ", "Paragraph five ");
    edit("Paragraph 7 ", "Paragraph 7\n\nSplit ");                 // a new block, lines move
    edit("More 3 ", "More 3\n");                                   // a soft break, lines move
    edit("Paragraph 20 ", "<div class=\"box\">\n\nParagraph 20 "); // an open div swallows the rest
    edit("More 1 ", "</div>\n\nMore 1 ");
    edit("Paragraph 30 ", "```\nParagraph 30 "); // an open fence swallows the rest
    edit("More 20 ", "```\n\nMore 20 ");
    edit("- a\n", "");
    edit("Paragraph 1 ", "Some <b>bold\n\nParagraph 1 ");
    edit("Paragraph 39 ", "");

    const QString html = QStringLiteral("document.getElementById('post-content').innerHTML");
    const QVariant patched = js(*view, html);
    const auto fresh = makeView();
    QVERIFY(showPost(*fresh, markdown));
    QCOMPARE(patched, js(*fresh, html));
}

int main(int argc, char *argv[])
{
    // As in the application: the scheme table is read when WebEngine starts.
    PreviewView::registerUrlScheme();
    QApplication app(argc, argv);
    TestPreviewView test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_previewview.moc"
