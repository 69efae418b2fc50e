// Keystroke-to-preview latency of PreviewView (render on a worker, push over QWebChannel into
// the loaded page) beside the naive approach (QWebEngineView::setHtml of the whole page per
// keystroke), on a 10 KB post and a ~1 MB document, plus the time from process start to the
// first preview on screen. Run it in a real window: xvfb-run -a ./bench_preview
// Targets: median <= 16 ms for 10 KB, <= 100 ms for 1 MB.
// `bench_preview --screenshot FILE` instead saves a sample post as shown by the preview.
#include "preview/htmlpage.h"
#include "preview/markdownrenderer.h"
#include "preview/previewview.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWebEngineView>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

using Meetdown::PostHeader;
using Meetdown::PreviewView;

namespace {

constexpr int kIterations = 30;
constexpr int kWarmUp = 3;
constexpr int kTimeoutMs = 60000;

// Milliseconds since the kernel started this process, from /proc (Linux); -1 if unknown.
double processAgeMs()
{
    QFile stat(QStringLiteral("/proc/self/stat"));
    QFile uptime(QStringLiteral("/proc/uptime"));
    if (!stat.open(QIODevice::ReadOnly) || !uptime.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    // The command name may hold spaces; the fields after it are space-separated.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    const long ticks = sysconf(_SC_CLK_TCK);
    if (fields.size() < 20 || ticks <= 0)
        return -1;
    const double startedSeconds = fields.at(19).toDouble() / double(ticks); // starttime
    const double upSeconds = uptime.readAll().split(' ').value(0).toDouble();
    return (upSeconds - startedSeconds) * 1000.0;
}

// A meetup report of about `size` bytes; a fixed seed keeps the figures comparable.
QByteArray makeDocument(qsizetype size)
{
    std::mt19937 random(20240501);
    const auto pick = [&](int low, int high) {
        return std::uniform_int_distribution<int>(low, high)(random);
    };
    static const char *const words[] = {
        "meetup", "talk",    "speaker", "Qt",    "Jekyll",    "community", "pizza",    "slides",
        "demo",   "editor",  "preview", "venue", "sponsor",   "evening",   "workshop", "questions",
        "thanks", "release", "café",    "große", "lightning", "network",   "python",   "rust"};
    const auto sentence = [&](int low, int high) {
        QByteArray text;
        for (int i = pick(low, high); i > 0; --i)
            text += QByteArray(words[pick(0, int(std::size(words)) - 1)]) + ' ';
        text[0] = char(std::toupper(static_cast<unsigned char>(text[0])));
        text.chop(1);
        return text + '.';
    };
    QByteArray doc;
    while (doc.size() < size) {
        doc += "## " + sentence(3, 6) + "\n\n";
        for (int i = pick(2, 4); i > 0; --i) {
            QByteArray paragraph;
            for (int s = pick(3, 6); s > 0; --s)
                paragraph += sentence(6, 16) + (pick(0, 4) == 0 ? " **Bold** and *em*. " : " ");
            doc += paragraph.trimmed() + "\n\n";
        }
        switch (pick(0, 4)) {
        case 0:
            for (int i = pick(3, 7); i > 0; --i)
                doc += "- " + sentence(4, 10) + "\n";
            break;
        case 1:
            doc += "```python\n";
            for (int i = pick(4, 12); i > 0; --i)
                doc += "    value = compute(\"" + QByteArray::number(pick(1, 999)) + "\") + 1\n";
            doc += "```\n";
            break;
        case 2:
            doc += "| Time | Speaker | Topic |\n|---|---|---|\n";
            for (int i = pick(3, 6); i > 0; --i)
                doc += "| 18:" + QByteArray::number(pick(10, 59)) + " | Ada | " + sentence(2, 4) +
                       " |\n";
            break;
        case 3:
            doc += "![" + sentence(2, 4) + "](/assets/img/photo-" + QByteArray::number(pick(1, 5)) +
                   ".png)\n";
            break;
        default:
            doc += "> " + sentence(8, 14) + "\n";
            break;
        }
        doc += '\n';
    }
    return doc;
}

struct Figures
{
    double median = 0;
    double p95 = 0;
};

// Opening a post: the whole document crosses to a page that shows another one.
double measureOpen(PreviewView &view, const PostHeader &header, const QByteArray &doc)
{
    QSignalSpy finished(&view, &PreviewView::renderFinished);
    QElapsedTimer timer;
    timer.start();
    view.setPost(header, doc, 5);
    if (!finished.wait(kTimeoutMs))
        qFatal("preview did not open the document");
    const double elapsed = double(timer.nsecsElapsed()) / 1e6;
    QTest::qWait(200);
    return elapsed;
}

Figures summarize(std::vector<double> samples)
{
    std::sort(samples.begin(), samples.end());
    const auto at = [&](double q) {
        const auto index = static_cast<size_t>(q * double(samples.size() - 1) + 0.5);
        return samples[std::min(index, samples.size() - 1)];
    };
    return {at(0.5), at(0.95)};
}

enum class Key
{
    Letter, // changes one block
    Enter   // also moves every block below it down a line
};

// One keystroke in the middle of the text, as the editor would send it.
void typeKey(QByteArray &doc, int i, Key key = Key::Letter)
{
    qsizetype at = doc.indexOf(' ', doc.size() / 2 + i * 7);
    if (at < 0)
        at = doc.size() / 2;
    doc.insert(at, key == Key::Enter ? '\n' : char('a' + i % 26));
}

Figures measurePreview(PreviewView &view, const PostHeader &header, QByteArray doc, Key key)
{
    std::vector<double> samples;
    QSignalSpy finished(&view, &PreviewView::renderFinished);
    for (int i = 0; i < kWarmUp + kIterations; ++i) {
        typeKey(doc, i, key);
        finished.clear();
        QElapsedTimer timer;
        timer.start();
        view.setPost(header, doc, 5);
        if (!finished.wait(kTimeoutMs))
            qFatal("preview did not update");
        if (i >= kWarmUp)
            samples.push_back(double(timer.nsecsElapsed()) / 1e6);
        // Typing pauses between keys; the page paints meanwhile.
        QTest::qWait(30);
    }
    return summarize(samples);
}

Figures measureNaive(QWebEngineView &view, const PostHeader &header, QByteArray doc,
                     const QByteArray &css, const QUrl &baseUrl)
{
    std::vector<double> samples;
    QSignalSpy loaded(&view, &QWebEngineView::loadFinished);
    for (int i = 0; i < kWarmUp + kIterations; ++i) {
        typeKey(doc, i);
        loaded.clear();
        QElapsedTimer timer;
        timer.start();
        const auto body = Meetdown::MarkdownRenderer::render(doc).html;
        view.setHtml(QString::fromUtf8(Meetdown::HtmlPage::standalone(header, body, css)), baseUrl);
        if (!loaded.wait(kTimeoutMs))
            qFatal("naive page did not load");
        if (i >= kWarmUp)
            samples.push_back(double(timer.nsecsElapsed()) / 1e6);
        QTest::qWait(30);
    }
    return summarize(samples);
}

// A short meetup report using most of what posts use, for looking at the page.
const char kSamplePost[] =
    R"(We met at the **Old Library** for the March meetup: three talks, one lightning round and
far too much pizza. Thanks to [Acme](https://example.com/) for the room.

![The audience before the first talk](/assets/img/photo-2.png)

## Talks

1. *Live previews without reloads*: how the editor pushes HTML into a loaded page.
2. *Jekyll plugins you already have*: a tour of `jekyll-feed` and friends.
3. *Lightning round*: five people, five minutes each.

> The best part of a meetup is the hallway after it.

| Time  | Speaker | Topic                 |
|-------|---------|-----------------------|
| 18:30 | Ada     | Live previews         |
| 19:10 | Grace   | Plugins               |
| 19:50 | Everyone| Lightning talks       |

```cpp
view->setPost(header, markdown, firstLine); // renders off the GUI thread
```

### Next time

- [x] Book the room
- [ ] Find a speaker for the keynote
- [ ] Order ~~less~~ more pizza

Questions? Write to the organisers or join the chat.
)";

int saveScreenshot(const QString &file, const QString &siteRoot, const PostHeader &header)
{
    PreviewView view;
    view.setSiteRoot(siteRoot);
    view.resize(900, 2100);
    view.show();
    QSignalSpy finished(&view, &PreviewView::renderFinished);
    view.setPost(header, kSamplePost, 8);
    if (!finished.wait(kTimeoutMs))
        return 1;
    // Images arrive after the text; give them and the compositor a moment.
    QTest::qWait(1500);
    return view.grab().save(file) ? 0 : 1;
}

bool hasInk(const QImage &image)
{
    // The title is dark text on a light page: any dark pixel means the page has been painted.
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2) {
            if (qGray(image.pixel(x, y)) < 80)
                return true;
        }
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    const double ageAtMain = processAgeMs();
    QElapsedTimer sinceMain;
    sinceMain.start();

    PreviewView::registerUrlScheme();
    QApplication app(argc, argv);

    QTemporaryDir site;
    QDir(site.path()).mkpath(QStringLiteral("assets/img"));
    for (int i = 1; i <= 5; ++i) {
        QImage photo(640, 360, QImage::Format_RGB32);
        photo.fill(QColor::fromHsv(i * 60, 120, 200));
        photo.save(site.filePath(QStringLiteral("assets/img/photo-%1.png").arg(i)));
    }

    PostHeader header;
    header.title = QStringLiteral("March meetup: previews, plugins and pizza");
    header.date = QStringLiteral("21 March 2024");
    header.author = QStringLiteral("Ada Lovelace");
    header.tags = {QStringLiteral("meetup"), QStringLiteral("report")};
    const QStringList arguments = app.arguments();
    if (arguments.size() == 3 && arguments.at(1) == QLatin1String("--screenshot")) {
        header.image = QStringLiteral("/assets/img/photo-4.png");
        return saveScreenshot(arguments.at(2), site.path(), header);
    }
    const QByteArray small = makeDocument(10 * 1024);
    const QByteArray large = makeDocument(1024 * 1024);

    // First preview: from process start to pixels of the post on screen.
    double firstPaintMs = -1;
    double firstPaintSinceMain = -1;
    {
        PreviewView view;
        view.setSiteRoot(site.path());
        view.resize(1000, 800);
        view.show();
        QSignalSpy finished(&view, &PreviewView::renderFinished);
        view.setPost(header, small, 5);
        if (!finished.wait(kTimeoutMs))
            qFatal("first preview did not arrive");
        if (!QTest::qWaitFor([&] { return hasInk(view.grab().toImage()); }, kTimeoutMs))
            qFatal("first preview was never painted");
        firstPaintSinceMain = double(sinceMain.nsecsElapsed()) / 1e6;
        firstPaintMs = ageAtMain >= 0 ? ageAtMain + firstPaintSinceMain : -1;
    }

    Figures ours[2];
    Figures oursEnter[2];
    double open[2] = {};
    Figures naive[2];
    const QByteArray docs[2] = {small, large};
    for (int d = 0; d < 2; ++d) {
        PreviewView view;
        view.setSiteRoot(site.path());
        view.resize(1000, 800);
        view.show();
        measureOpen(view, header, "Loading.\n"); // the page itself loads here
        open[d] = measureOpen(view, header, docs[d]);
        ours[d] = measurePreview(view, header, docs[d], Key::Letter);
        oursEnter[d] = measurePreview(view, header, docs[d], Key::Enter);
    }
    const QByteArray css = [] {
        QFile file(QStringLiteral(":/meetdown/page/post.css"));
        file.open(QIODevice::ReadOnly);
        return file.readAll();
    }();
    for (int d = 0; d < 2; ++d) {
        QWebEngineView view;
        view.resize(1000, 800);
        view.show();
        // file:// so the naive page finds the same images.
        naive[d] = measureNaive(view, header, docs[d], css,
                                QUrl::fromLocalFile(site.path() + QLatin1Char('/')));
    }

    std::printf("Preview latency, keystroke (setPost) to page updated; %d runs each, "
                "after %d warm-up runs\n\n",
                kIterations, kWarmUp);
    std::printf("%-10s %-30s %10s %10s %10s\n", "document", "approach", "median ms", "p95 ms",
                "target");
    const char *names[2] = {"10 KB", "1 MB"};
    const char *targets[2] = {"<= 16", "<= 100"};
    const qsizetype sizes[2] = {small.size(), large.size()};
    for (int d = 0; d < 2; ++d) {
        std::printf("%-10s %-30s %10.1f %10.1f %10s\n", names[d], "PreviewView, letter",
                    ours[d].median, ours[d].p95, targets[d]);
        std::printf("%-10s %-30s %10.1f %10.1f %10s\n", names[d], "PreviewView, Enter (shift)",
                    oursEnter[d].median, oursEnter[d].p95, targets[d]);
        std::printf("%-10s %-30s %10.1f %10s %10s\n", names[d], "PreviewView, open (1 run)",
                    open[d], "", "");
        std::printf("%-10s %-30s %10.1f %10.1f %10s\n", names[d], "naive setHtml, letter",
                    naive[d].median, naive[d].p95, "");
    }
    std::printf("\ndocument sizes: %lld and %lld bytes of Markdown\n",
                static_cast<long long>(sizes[0]), static_cast<long long>(sizes[1]));
    QElapsedTimer renderTimer;
    renderTimer.start();
    Meetdown::RenderOptions options;
    options.sourceLines = true;
    const qsizetype htmlSize = Meetdown::MarkdownRenderer::render(large, options).html.size();
    std::printf("render alone of the 1 MB document: %.1f ms (%lld bytes of HTML)\n",
                double(renderTimer.nsecsElapsed()) / 1e6, static_cast<long long>(htmlSize));
    if (firstPaintMs >= 0)
        std::printf("process start to first preview painted: %.0f ms (%.0f ms of it before "
                    "main())\n",
                    firstPaintMs, ageAtMain);
    std::printf("main() to first preview painted: %.0f ms\n", firstPaintSinceMain);
    return 0;
}
