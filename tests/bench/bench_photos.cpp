// PhotoImporter::import against ImageMagick on the same photos: 20 phone-sized JPEGs
// (4000 x 3000, gradients and sensor-like noise), scaled to 1600 px wide and stripped. ImageMagick
// runs the way a naive script would, one `convert` after another. Target: ratio <= 1.0.
#include <editor/photoimporter.h>

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QImageWriter>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <numeric>

using namespace Meetdown;

namespace {

constexpr int kPhotos = 20;
constexpr int kRuns = 3;

// A fixed seed keeps the photos, and so the figures, the same from run to run.
QImage phonePhoto(int index)
{
    QImage image(4000, 3000, QImage::Format_RGB32);
    quint32 state = 0x9E3779B9u * quint32(index + 1);
    for (int y = 0; y < image.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < image.width(); ++x) {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            const int noise = int(state & 15) - 8;
            const int r = (x * 200 / image.width() + index * 7) % 256 + noise;
            const int g = (y * 180 / image.height() + 30) + noise;
            const int b =
                ((x + y) * 120 / (image.width() + image.height()) + 60) + int((state >> 8) & 7);
            line[x] = qRgb(qBound(0, r, 255), qBound(0, g, 255), qBound(0, b, 255));
        }
    }
    return image;
}

qint64 folderBytes(const QString &path)
{
    qint64 total = 0;
    for (const QFileInfo &info : QDir(path).entryInfoList(QDir::Files))
        total += info.size();
    return total;
}

double meanAbsoluteDifference(const QImage &a, const QImage &b)
{
    if (a.size() != b.size())
        return -1;
    double sum = 0;
    for (int y = 0; y < a.height(); ++y) {
        const auto *la = reinterpret_cast<const QRgb *>(a.constScanLine(y));
        const auto *lb = reinterpret_cast<const QRgb *>(b.constScanLine(y));
        for (int x = 0; x < a.width(); ++x)
            sum += std::abs(qRed(la[x]) - qRed(lb[x])) + std::abs(qGreen(la[x]) - qGreen(lb[x])) +
                   std::abs(qBlue(la[x]) - qBlue(lb[x]));
    }
    return sum / (3.0 * a.width() * a.height());
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QString convert = QStandardPaths::findExecutable(QStringLiteral("convert"));
    if (convert.isEmpty()) {
        std::fprintf(stderr, "ImageMagick's convert is not installed\n");
        return 1;
    }
    QTemporaryDir dir;
    const QString in = dir.filePath(QStringLiteral("in"));
    QDir().mkpath(in);
    QStringList photos;
    qint64 inputBytes = 0;
    std::printf("Generating %d photos of 4000x3000...\n", kPhotos);
    std::fflush(stdout);
    for (int i = 0; i < kPhotos; ++i) {
        const QString path = QStringLiteral("%1/IMG_%2.jpg").arg(in).arg(1000 + i);
        QImageWriter writer(path, "jpeg");
        writer.setQuality(92);
        if (!writer.write(phonePhoto(i))) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
            return 1;
        }
        photos.append(path);
        inputBytes += QFileInfo(path).size();
    }
    std::printf("input: %d photos, %.1f MB (%.1f MB each)\n", kPhotos, inputBytes / 1e6,
                inputBytes / 1e6 / kPhotos);

    // Meetdown: a fresh site per run, so that every run decodes, scales, encodes and writes.
    QList<qint64> runs;
    QList<double> cpu; // process CPU time, all threads: cpu / wall is how many cores were busy
    QString lastFolder;
    for (int run = 0; run < kRuns; ++run) {
        const QString site = dir.filePath(QStringLiteral("site%1").arg(run));
        QDir().mkpath(site + QStringLiteral("/_posts"));
        QFile config(site + QStringLiteral("/_config.yml"));
        config.open(QIODevice::WriteOnly);
        config.write("title: bench\n");
        config.close();
        const QString post = site + QStringLiteral("/_posts/2024-05-01-bench.md");
        QFile postFile(post);
        postFile.open(QIODevice::WriteOnly);
        postFile.write("---\ntitle: bench\n---\n");
        postFile.close();
        QElapsedTimer timer;
        timer.start();
        const std::clock_t cpuStart = std::clock();
        const ImportResult result = PhotoImporter::import(post, photos);
        runs.append(timer.elapsed());
        cpu.append(double(std::clock() - cpuStart) * 1000.0 / CLOCKS_PER_SEC);
        if (!result.errors.isEmpty() || result.imported.size() != kPhotos) {
            std::fprintf(stderr, "import failed: %s\n",
                         qPrintable(result.errors.join(QLatin1Char('\n'))));
            return 1;
        }
        lastFolder = PhotoImporter::targetFolder(post);
    }
    QList<int> order(kRuns);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return runs.at(a) < runs.at(b); });
    const qint64 meetdownMs = runs.at(order.at(kRuns / 2));
    const double meetdownCpuMs = cpu.at(order.at(kRuns / 2));

    // ImageMagick, one process per photo, as a shell loop would run it.
    const QString imOut = dir.filePath(QStringLiteral("im"));
    QDir().mkpath(imOut);
    QElapsedTimer timer;
    timer.start();
    for (const QString &photo : std::as_const(photos)) {
        const QString out = imOut + QLatin1Char('/') + QFileInfo(photo).fileName();
        const int code = QProcess::execute(
            convert, {photo, QStringLiteral("-auto-orient"), QStringLiteral("-resize"),
                      QStringLiteral("1600x"), QStringLiteral("-strip"), QStringLiteral("-quality"),
                      QStringLiteral("85"), out});
        if (code != 0) {
            std::fprintf(stderr, "convert failed on %s\n", qPrintable(photo));
            return 1;
        }
    }
    const qint64 imageMagickMs = timer.elapsed();

    const QImage ours(lastFolder + QStringLiteral("/img-1000.jpg"));
    const QImage theirs(imOut + QStringLiteral("/IMG_1000.jpg"));
    std::printf("cores: %d\n", QThread::idealThreadCount());
    std::printf("Meetdown import:  %6lld ms (median of %d; %lld ms per photo), output %.2f MB\n",
                static_cast<long long>(meetdownMs), kRuns,
                static_cast<long long>(meetdownMs / kPhotos), folderBytes(lastFolder) / 1e6);
    std::printf("                  %6.0f ms CPU, %.2f cores busy on average\n", meetdownCpuMs,
                meetdownCpuMs / double(std::max<qint64>(1, meetdownMs)));
    std::printf("ImageMagick:      %6lld ms (sequential convert), output %.2f MB\n",
                static_cast<long long>(imageMagickMs), folderBytes(imOut) / 1e6);
    std::printf("ratio Meetdown / ImageMagick: %.3f (target <= 1.0)\n",
                double(meetdownMs) / double(imageMagickMs));
    std::printf("output sizes %dx%d vs %dx%d, mean absolute difference %.2f / 255 per channel\n",
                ours.width(), ours.height(), theirs.width(), theirs.height(),
                meanAbsoluteDifference(ours, theirs));
    return meetdownMs <= imageMagickMs ? 0 : 2;
}
