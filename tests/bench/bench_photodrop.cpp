// How smooth the window stays while 20 phone-sized photos import: the longest time the GUI
// thread went without running its event loop, beside the import's wall time.
// Run in a real window: xvfb-run -a build/tests/bench/bench_photodrop

#include <app/mainwindow.h>
#include <editor/document.h>
#include <preview/previewview.h>

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QRandomGenerator>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextDocument>
#include <QTimer>

#include <cstdio>

using namespace Meetdown;

int main(int argc, char **argv)
{
    PreviewView::registerUrlScheme();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("meetdown-bench"));
    QStandardPaths::setTestModeEnabled(true);
    QSettings().setValue(QStringLiteral("photos/askAltText"), false);

    QTemporaryDir dir;
    QDir root(dir.path());
    root.mkpath(QStringLiteral("site/_posts"));
    QFile config(root.filePath(QStringLiteral("site/_config.yml")));
    config.open(QIODevice::WriteOnly);
    config.write("title: Bench\n");
    config.close();
    const QString post = root.filePath(QStringLiteral("site/_posts/2024-05-01-bench.md"));
    QFile postFile(post);
    postFile.open(QIODevice::WriteOnly);
    postFile.write("---\ntitle: Bench\n---\n\nPhotos:\n\n");
    postFile.close();

    const int count = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 20;
    std::printf("generating %d 4000x3000 JPEGs...\n", count);
    std::fflush(stdout);
    QStringList photos;
    QRandomGenerator random(42);
    for (int i = 0; i < count; ++i) {
        QImage image(4000, 3000, QImage::Format_RGB32);
        for (int y = 0; y < image.height(); ++y) {
            auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
            for (int x = 0; x < image.width(); ++x) {
                const int n = int(random.bounded(40));
                line[x] = qRgb((x * 255 / 4000 + n) % 256, (y * 255 / 3000 + n) % 256,
                               (i * 12 + n) % 256);
            }
        }
        const QString path = root.filePath(QStringLiteral("photo-%1.jpg").arg(i));
        image.save(path, "JPEG", 92);
        photos.append(path);
    }

    std::printf("importing...\n");
    std::fflush(stdout);
    auto *window = new MainWindow;
    const QString error = window->openFile(post);
    if (!error.isEmpty()) {
        std::printf("cannot open the post: %s\n", qPrintable(error));
        return 1;
    }
    window->show();
    QElapsedTimer settle;
    settle.start();
    while (settle.elapsed() < 2000)
        QApplication::processEvents(QEventLoop::AllEvents, 50);

    qint64 longest = 0;
    qint64 longestAt = 0;
    QElapsedTimer wall;
    QElapsedTimer sinceTick;
    QTimer tick;
    tick.setInterval(1);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 gap = sinceTick.restart();
        if (gap > longest) {
            longest = gap;
            longestAt = wall.elapsed();
        }
    });
    wall.start();
    sinceTick.start();
    tick.start();
    window->importPhotos(photos, window->document()->bodyDocument()->characterCount() - 1);
    while (window->isImporting() && wall.elapsed() < 120000)
        QApplication::processEvents(QEventLoop::AllEvents, 5);
    const qint64 elapsed = wall.elapsed();
    tick.stop();

    const int inserted = int(window->document()->bodyText().count(QStringLiteral("![")));
    std::printf("imported %d photos in %lld ms (wall)\n", inserted,
                static_cast<long long>(elapsed));
    std::printf(
        "longest GUI-thread block during the import: %lld ms, ending %lld ms in (target < 50 ms)\n",
        static_cast<long long>(longest), static_cast<long long>(longestAt));
    std::fflush(stdout);
    window->save();
    window->close();
    return inserted == count ? 0 : 1;
}
