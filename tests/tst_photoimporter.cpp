// Talk photos imported into a site: real pictures made with Qt in temporary folders, the EXIF
// reader, the folder rules, the limits, the command line, and a real `jekyll build`.

#include "testutil.h"

#include <editor/exif.h>
#include <editor/imagefile.h>
#include <editor/photoimporter.h>
#include <editor/site.h>

#include <QBuffer>
#include <QElapsedTimer>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace Meetdown;

namespace {

// --- Making pictures ---------------------------------------------------------------------------

// White, with the top-left quadrant red: where the red ends up tells how the picture was turned.
QImage marked(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(Qt::white);
    for (int y = 0; y < height / 2; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < width / 2; ++x)
            line[x] = qRgb(255, 0, 0);
    }
    return image;
}

QImage gradient(int width, int height, QImage::Format format = QImage::Format_RGB32)
{
    QImage image(width, height, format);
    for (int y = 0; y < height; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < width; ++x)
            line[x] = qRgba(x * 255 / width, y * 255 / height, 128,
                            format == QImage::Format_ARGB32 ? 128 : 255);
    }
    return image;
}

QByteArray encoded(const QImage &image, const char *format, int quality = 90)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    writer.setQuality(quality);
    if (!writer.write(image))
        qFatal("cannot encode a test picture: %s", qPrintable(writer.errorString()));
    return bytes;
}

QImage decoded(const QByteArray &bytes)
{
    QImage image;
    image.loadFromData(bytes);
    return image;
}

QByteArray decodedFormat(const QString &path)
{
    QImageReader reader(path);
    reader.setDecideFormatFromContent(true);
    return reader.format();
}

// An Exif TIFF block: IFD0 with Orientation, and optionally a GPS IFD with a latitude reference.
QByteArray tiff(bool bigEndian, int orientation, bool gps)
{
    QByteArray out;
    auto u16 = [&](quint16 v) {
        if (bigEndian)
            out.append(char(v >> 8)).append(char(v & 0xFF));
        else
            out.append(char(v & 0xFF)).append(char(v >> 8));
    };
    auto u32 = [&](quint32 v) {
        if (bigEndian) {
            u16(quint16(v >> 16));
            u16(quint16(v & 0xFFFF));
        } else {
            u16(quint16(v & 0xFFFF));
            u16(quint16(v >> 16));
        }
    };
    out.append(bigEndian ? "MM" : "II");
    u16(42);
    u32(8);
    const int entries = (orientation > 0 ? 1 : 0) + (gps ? 1 : 0);
    u16(quint16(entries));
    const quint32 gpsOffset = 8 + 2 + 12 * entries + 4;
    if (orientation > 0) {
        u16(0x0112);
        u16(3);
        u32(1);
        u16(quint16(orientation));
        u16(0);
    }
    if (gps) {
        u16(0x8825);
        u16(4);
        u32(1);
        u32(gpsOffset);
    }
    u32(0);
    if (gps) {
        u16(2);
        u16(0x0001); // GPSLatitudeRef "N"
        u16(2);
        u32(2);
        out.append("N\0\0\0", 4);
        u16(0x0003); // GPSLongitudeRef "E"
        u16(2);
        u32(2);
        out.append("E\0\0\0", 4);
        u32(0);
    }
    return out;
}

// The APP1 segment goes after Qt's JFIF APP0, where cameras put it.
QByteArray withExif(const QByteArray &jpeg, const QByteArray &tiffBlock)
{
    const QByteArray payload = QByteArray("Exif\0\0", 6) + tiffBlock;
    QByteArray segment("\xFF\xE1", 2);
    const int length = int(payload.size()) + 2;
    segment.append(char(length >> 8)).append(char(length & 0xFF)).append(payload);
    qsizetype at = 2;
    if (quint8(jpeg.at(2)) == 0xFF && quint8(jpeg.at(3)) == 0xE0)
        at = 4 + ((quint8(jpeg.at(4)) << 8) | quint8(jpeg.at(5)));
    return jpeg.left(at) + segment + jpeg.mid(at);
}

quint32 crc32(const QByteArray &data)
{
    quint32 crc = 0xFFFFFFFF;
    for (const char c : data) {
        crc ^= quint8(c);
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xEDB88320 & (0 - (crc & 1)));
    }
    return crc ^ 0xFFFFFFFF;
}

QByteArray bigEndian32(quint32 v)
{
    return QByteArray(1, char(v >> 24)) + char((v >> 16) & 0xFF) + char((v >> 8) & 0xFF) +
           char(v & 0xFF);
}

QByteArray pngChunk(const QByteArray &type, const QByteArray &data)
{
    return bigEndian32(quint32(data.size())) + type + data + bigEndian32(crc32(type + data));
}

// A PNG with an extra chunk right after IHDR (which is 8 + 25 bytes into the file).
QByteArray withPngChunk(const QByteArray &png, const QByteArray &type, const QByteArray &data)
{
    return png.left(33) + pngChunk(type, data) + png.mid(33);
}

// A few hundred bytes that claim a 20000 x 20000 grey picture.
QByteArray pngBomb()
{
    QByteArray ihdr = bigEndian32(20000) + bigEndian32(20000);
    ihdr.append(char(8)).append(char(0)).append(char(0)).append(char(0)).append(char(0));
    const QByteArray idat = qCompress(QByteArray(20001 * 4, '\0')).mid(4); // zlib stream
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) + pngChunk("IDAT", idat) +
           pngChunk("IEND", QByteArray());
}

// An animated GIF, written by hand (Qt reads GIF but does not write it). Its LZW data sends a
// clear code after every two pixels, so the code size never grows past three bits.
QByteArray animatedGif(int width, int height, int frames)
{
    auto le16 = [](int v) {
        return QByteArray(1, char(v & 0xFF)) + char(v >> 8);
    };
    QByteArray gif = "GIF89a" + le16(width) + le16(height);
    gif.append(char(0xF1)).append(char(0)).append(char(0));
    gif.append(QByteArray("\xFF\x00\x00\x00\x00\xFF\xFF\xFF\xFF\x00\xFF\x00", 12)); // 4 colours
    gif.append(QByteArray("\x21\xFF\x0BNETSCAPE2.0\x03\x01\x00\x00\x00", 19));
    for (int f = 0; f < frames; ++f) {
        gif.append(QByteArray("\x21\xF9\x04\x00\x0A\x00\x00\x00", 8));
        gif.append(char(0x2C))
            .append(le16(0))
            .append(le16(0))
            .append(le16(width))
            .append(le16(height))
            .append(char(0));
        gif.append(char(2));
        QByteArray data;
        quint32 bits = 0;
        int count = 0;
        auto code = [&](int c) {
            bits |= quint32(c) << count;
            count += 3;
            while (count >= 8) {
                data.append(char(bits & 0xFF));
                bits >>= 8;
                count -= 8;
            }
        };
        const int pixels = width * height;
        for (int i = 0; i < pixels; ++i) {
            if (i % 2 == 0)
                code(4); // clear
            code((i + f) % 4);
        }
        code(5); // end of information
        if (count > 0)
            data.append(char(bits & 0xFF));
        for (qsizetype at = 0; at < data.size(); at += 255) {
            const QByteArray block = data.mid(at, 255);
            gif.append(char(block.size())).append(block);
        }
        gif.append(char(0));
    }
    gif.append(';');
    return gif;
}

bool isRed(QRgb c)
{
    return qRed(c) > 200 && qGreen(c) < 70 && qBlue(c) < 70;
}

bool isWhite(QRgb c)
{
    return qRed(c) > 200 && qGreen(c) > 200 && qBlue(c) > 200;
}

QStringList filesIn(const QString &folder)
{
    QStringList out;
    QDirIterator it(folder, QDir::Files | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        out.append(QDir(folder).relativeFilePath(it.next()));
    out.sort();
    return out;
}

// A site in dir with one post; returns the post's path.
QString makeSite(const QTemporaryDir &dir, const QByteArray &config = "title: Meetup\n",
                 const QString &postName = QStringLiteral("2024-05-01-august-meetup.md"))
{
    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")), config);
    const QString post = dir.filePath(QStringLiteral("_posts/") + postName);
    TestUtil::writeAll(post, "---\ntitle: August meetup\n---\nHello\n");
    return post;
}

QString writePhoto(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(QStringLiteral("in/") + name);
    TestUtil::writeAll(path, bytes);
    return path;
}

} // namespace

class TestPhotoImporter final : public QObject
{
    Q_OBJECT

private slots:
    void exifBothByteOrders();
    void exifIsBoundsChecked();
    void orientationApplied_data();
    void orientationApplied();
    void locationRemovedEvenWhenSmall();
    void smallCleanPhotosCopiedByteForByte();
    void largePhotosScaledDown();
    void pngStaysPng();
    void gifCopiedAsIs();
    void webp();
    void formatFromContent();
    void emptyAndTruncatedRefused();
    void decompressionBombRefusedFast();
    void nameCollisions();
    void batchNamesAreDeterministic();
    void symlinkedAssetsRefused();
    void symlinkedDestinationFileRefused();
    void symlinkInsideSiteFollowed();
    void folderFromSitePosts();
    void folderFromConfig();
    void baseurlPrefix();
    void outsideSite();
    void fileNames_data();
    void fileNames();
    void altText_data();
    void altText();
    void markdown();
    void cancelAndProgress();
    void cliImportPhoto();
    void cliErrorsAndUsage();
    void jekyllBuildResolvesLink();
};

void TestPhotoImporter::exifBothByteOrders()
{
    for (const bool big : {false, true}) {
        const ExifInfo info = Exif::parseTiff(tiff(big, 6, true));
        QVERIFY(info.present);
        QCOMPARE(info.orientation, 6);
        QVERIFY(info.hasGps);
        const ExifInfo plain = Exif::parseTiff(tiff(big, 3, false));
        QCOMPARE(plain.orientation, 3);
        QVERIFY(!plain.hasGps);
    }
    const QByteArray jpeg = withExif(encoded(marked(64, 48), "jpeg"), tiff(true, 8, true));
    const ExifInfo fromJpeg = Exif::fromFile(jpeg);
    QCOMPARE(fromJpeg.orientation, 8);
    QVERIFY(fromJpeg.hasGps);
    QCOMPARE(Exif::fromFile(encoded(marked(64, 48), "jpeg")).present, false);
    const QByteArray png =
        withPngChunk(encoded(marked(64, 48), "png"), "eXIf", tiff(false, 6, true));
    QVERIFY(!decoded(png).isNull()); // still a valid PNG
    const ExifInfo fromPng = Exif::fromFile(png);
    QCOMPARE(fromPng.orientation, 6);
    QVERIFY(fromPng.hasGps);
    // WebP keeps Exif in a RIFF chunk, with or without the "Exif\0\0" header.
    const QByteArray exifChunk = QByteArray("Exif\0\0", 6) + tiff(false, 8, true);
    QByteArray webp = QByteArray("WEBP") + "EXIF" + QByteArray(1, char(exifChunk.size())) +
                      QByteArray(3, '\0') + exifChunk;
    webp.prepend(QByteArray("RIFF") + char(webp.size()) + QByteArray(3, '\0'));
    const ExifInfo fromWebp = Exif::fromFile(webp);
    QCOMPARE(fromWebp.orientation, 8);
    QVERIFY(fromWebp.hasGps);
    // XMP location in a JPEG counts too.
    QByteArray xmp("\xFF\xE1", 2);
    const QByteArray packet =
        QByteArray("http://ns.adobe.com/xap/1.0/\0", 29) +
        "<x:xmpmeta><rdf:Description exif:GPSLatitude=\"51,30.0N\"/></x:xmpmeta>";
    xmp.append(char((packet.size() + 2) >> 8))
        .append(char((packet.size() + 2) & 0xFF))
        .append(packet);
    const QByteArray plainJpeg = encoded(marked(64, 48), "jpeg");
    QVERIFY(Exif::fromFile(plainJpeg.left(2) + xmp + plainJpeg.mid(2)).hasGps);
}

void TestPhotoImporter::exifIsBoundsChecked()
{
    // Every prefix of a valid block, and every single-byte corruption of it, gives an answer.
    const QByteArray block = tiff(false, 6, true);
    for (qsizetype n = 0; n <= block.size(); ++n) {
        const ExifInfo info = Exif::parseTiff(block.left(n));
        QVERIFY(info.orientation >= 1 && info.orientation <= 8);
    }
    QCOMPARE(Exif::parseTiff(block.left(8)).present, false); // IFD0 would start past the end
    for (qsizetype at = 0; at < block.size(); ++at) {
        for (const char value : {char(0x00), char(0xFF), char(0x7F)}) {
            QByteArray bad = block;
            bad[at] = value;
            const ExifInfo info = Exif::parseTiff(bad);
            QVERIFY(info.orientation >= 1 && info.orientation <= 8);
        }
    }
    // An entry count of 65535 and an IFD offset at the very end.
    QByteArray huge("II*\0\x08\0\0\0\xFF\xFF", 10);
    QCOMPARE(Exif::parseTiff(huge).orientation, 1);
    QCOMPARE(Exif::parseTiff(QByteArray("MM\0*\xFF\xFF\xFF\xF0", 8)).present, false);
    // Random bytes behind every container signature.
    QRandomGenerator random(42);
    const QList<QByteArray> heads = {QByteArray("\xFF\xD8\xFF\xE1", 4),
                                     QByteArray("\x89PNG\r\n\x1a\n", 8),
                                     QByteArray("RIFF\x10\0\0\0WEBP", 12), QByteArray("GIF89a")};
    for (int i = 0; i < 20000; ++i) {
        QByteArray bytes = heads.at(i % heads.size());
        const int extra = int(random.bounded(200));
        for (int k = 0; k < extra; ++k)
            bytes.append(char(random.bounded(256)));
        const ExifInfo info = Exif::fromFile(bytes);
        QVERIFY(info.orientation >= 1 && info.orientation <= 8);
        const ImageKind kind = ImageFile::sniff(bytes);
        if (!ImageFile::extension(kind).isEmpty())
            (void)ImageFile::structureProblem(bytes, kind);
    }
}

void TestPhotoImporter::orientationApplied_data()
{
    QTest::addColumn<int>("orientation");
    QTest::addColumn<bool>("bigEndian");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<QPoint>("red"); // a point inside the red quadrant after turning
    QTest::addColumn<QPoint>("white");
    QTest::newRow("6 little-endian: turned clockwise")
        << 6 << false << QSize(600, 800) << QPoint(450, 200) << QPoint(150, 200);
    QTest::newRow("6 big-endian") << 6 << true << QSize(600, 800) << QPoint(450, 200)
                                  << QPoint(150, 200);
    QTest::newRow("8: turned anticlockwise")
        << 8 << false << QSize(600, 800) << QPoint(150, 600) << QPoint(150, 200);
    QTest::newRow("3: upside down")
        << 3 << true << QSize(800, 600) << QPoint(600, 450) << QPoint(200, 150);
    QTest::newRow("5: transposed")
        << 5 << false << QSize(600, 800) << QPoint(150, 200) << QPoint(450, 200);
    QTest::newRow("7: transversed")
        << 7 << true << QSize(600, 800) << QPoint(450, 600) << QPoint(150, 200);
    QTest::newRow("2: mirrored") << 2 << false << QSize(800, 600) << QPoint(600, 150)
                                 << QPoint(200, 150);
}

void TestPhotoImporter::orientationApplied()
{
    QFETCH(int, orientation);
    QFETCH(bool, bigEndian);
    QFETCH(QSize, size);
    QFETCH(QPoint, red);
    QFETCH(QPoint, white);
    QTemporaryDir dir;
    const QString post = makeSite(dir);
    const QByteArray jpeg =
        withExif(encoded(marked(800, 600), "jpeg"), tiff(bigEndian, orientation, false));
    const QString photo = writePhoto(dir, QStringLiteral("phone.jpg"), jpeg);
    const ImportResult result = PhotoImporter::import(post, {photo});
    QVERIFY2(result.errors.isEmpty(), qPrintable(result.errors.join(u'\n')));
    QCOMPARE(result.imported.size(), 1);
    const PhotoImport &imported = result.imported.first();
    QVERIFY(imported.metadataStripped);
    QVERIFY(!imported.resized);
    QCOMPARE(imported.size, size);
    const QByteArray written = TestUtil::readAll(imported.writtenPath);
    QCOMPARE(Exif::fromFile(written).orientation, 1);
    const QImage image = decoded(written);
    QCOMPARE(image.size(), size);
    QVERIFY2(isRed(image.pixel(red)), qPrintable(QString::number(image.pixel(red), 16)));
    QVERIFY(isWhite(image.pixel(white)));
}

void TestPhotoImporter::locationRemovedEvenWhenSmall()
{
    QTemporaryDir dir;
    const QString post = makeSite(dir);
    const QByteArray jpeg = withExif(encoded(gradient(640, 480), "jpeg"), tiff(false, 1, true));
    QVERIFY(Exif::fromFile(jpeg).hasGps);
    const QByteArray png =
        withPngChunk(encoded(gradient(320, 200), "png"), "eXIf", tiff(true, 1, true));
    const ImportResult result =
        PhotoImporter::import(post, {writePhoto(dir, QStringLiteral("here.jpg"), jpeg),
                                     writePhoto(dir, QStringLiteral("map.png"), png)});
    QVERIFY2(result.errors.isEmpty(), qPrintable(result.errors.join(u'\n')));
    QCOMPARE(result.imported.size(), 2);
    for (const PhotoImport &photo : result.imported) {
        QVERIFY(photo.locationRemoved);
        QVERIFY(photo.metadataStripped);
        QVERIFY(!photo.resized);
        const QByteArray written = TestUtil::readAll(photo.writtenPath);
        QVERIFY(!Exif::fromFile(written).hasGps);
        QVERIFY(!written.contains(tiff(false, 1, true).mid(8)));
    }
    QCOMPARE(result.imported.at(0).size, QSize(640, 480));
    QVERIFY(result.imported.at(0).writtenPath.endsWith(QLatin1String("/here.jpg")));
    QVERIFY(result.imported.at(1).writtenPath.endsWith(QLatin1String("/map.png")));
    QCOMPARE(decodedFormat(result.imported.at(1).writtenPath), QByteArray("png"));
}

void TestPhotoImporter::smallCleanPhotosCopiedByteForByte()
{
    QTemporaryDir dir;
    const QString post = makeSite(dir);
    // Exif without location or rotation is kept as it is: the bytes are copied untouched.
    const QByteArray jpeg = withExif(encoded(gradient(1600, 900), "jpeg"), tiff(true, 1, false));
    const QByteArray png = encoded(gradient(300, 300, QImage::Format_ARGB32), "png");
    const ImportResult result =
        PhotoImporter::import(post, {writePhoto(dir, QStringLiteral("stage.jpg"), jpeg),
                                     writePhoto(dir, QStringLiteral("logo.png"), png)});
    QVERIFY2(result.errors.isEmpty(), qPrintable(result.errors.join(u'\n')));
    QCOMPARE(result.imported.size(), 2);
    QCOMPARE(TestUtil::readAll(result.imported.at(0).writtenPath), jpeg);
    QCOMPARE(TestUtil::readAll(result.imported.at(1).writtenPath), png);
    for (const PhotoImport &photo : result.imported)
        QVERIFY(!photo.metadataStripped && !photo.resized && !photo.reused &&
                !photo.locationRemoved);
}

void TestPhotoImporter::largePhotosScaledDown()
{
    QTemporaryDir dir;
    const QString post = makeSite(dir);
    const QString wide =
        writePhoto(dir, QStringLiteral("wide.jpg"), encoded(gradient(4000, 3000), "jpeg"));
    const QString tall =
        writePhoto(dir, QStringLiteral("tall.jpg"), encoded(gradient(3000, 4000), "jpeg"));
    const ImportResult result = PhotoImporter::import(post, {wide, tall});
    QVERIFY2(result.errors.isEmpty(), qPrintable(result.errors.join(u'\n')));
    QCOMPARE(result.imported.size(), 2);
    QCOMPARE(result.imported.at(0).size, QSize(1600, 1200));
    QCOMPARE(result.imported.at(1).size, QSize(1600, 2133));
    for (const PhotoImport &photo : result.imported) {
        QVERIFY(photo.resized);
        QVERIFY(!photo.locationRemoved);
        QCOMPARE(decodedFormat(photo.writtenPath), QByteArray("jpeg"));
        QCOMPARE(decoded(TestUtil::readAll(photo.writtenPath)).size(), photo.size);
        // Smooth scaling keeps the gradient: the middle pixel is the middle colour.
        const QImage image = decoded(TestUtil::readAll(photo.writtenPath));
        const QRgb mid = image.pixel(image.width() / 2, image.height() / 2);
        QVERIFY2(qAbs(qRed(mid) - 127) < 8 && qAbs(qGreen(mid) - 127) < 8,
                 qPrintable(QString::number(mid, 16)));
    }
    // The maximum width is a parameter.
    ImportOptions options;
    options.maxWidth = 800;
    const ImportResult narrow = PhotoImporter::import(post, {wide}, options);
    QCOMPARE(narrow.imported.size(), 1);
    QCOMPARE(narrow.imported.first().size, QSize(800, 600));
    QVERIFY(narrow.imported.first().writtenPath.endsWith(QLatin1String("/wide-2.jpg")));
}

void TestPhotoImporter::pngStaysPng()
{
    QTemporaryDir dir;
    const QString post = makeSite(dir);
    const QString path = writePhoto(dir, QStringLiteral("Slide.PNG"),
                                    encoded(gradient(3000, 2000, QImage::Format_ARGB32), "png"));
    const ImportResult result = PhotoImporter::import(post, {path});
    QVERIFY2(result.errors.isEmpty(), qPrintable(result.errors.join(u'\n')));
    const PhotoImport &photo = result.imported.value(0);
    QVERIFY(photo.writtenPath.endsWith(QLatin1String("/slide.png")));
    QCOMPARE(decodedFormat(photo.writtenPath), QByteArray("png"));
    const QImage image = decoded(TestUtil::readAll(photo.writtenPath));
    QCOMPARE(image.size(), QSize(1600, 1067));
    QVERIFY(image.hasAlphaChannel());
    QVERIFY(photo.resized);
}

void TestPhotoImporter::gifCopiedAsIs()
{
    QTemporaryDir dir;
    const QString post = makeSite(dir);
    const QByteArray gif = animatedGif(2000, 8, 3);
    {
        QByteArray copy = gif;
        QBuffer buffer(&copy);
        buffer.open(QIODevice::ReadOnly);
        QImageReader reader(&buffer);
        QCOMPARE(reader.imageCount(), 3); // the hand-made GIF is a real animation
    }
    const ImportResult result =
        PhotoImporter::import(post, {writePhoto(dir, QStringLiteral("demo.gif"), gif)});
    QVERIFY2(result.errors.isEmpty(), qPrintable(result.errors.join(u'\n')));
    const PhotoImport &photo = result.imported.value(0);
    QCOMPARE(TestUtil::readAll(photo.writtenPath), gif); // wider than 1600, still not re-encoded
    QVERIFY(!photo.resized);
    QCOMPARE(photo.size, QSize(2000, 8));
}

void TestPhotoImporter::webp()
{
    if (!QImageWriter::supportedImageFormats().contains("webp"))
        QSKIP("Qt's WebP plugin (qt6-image-formats-plugins) is not installed");
    QTemporaryDir dir;
    const QString post = makeSite(dir);
    const QString small =
        writePhoto(dir, QStringLiteral("small.jpg"), encoded(gradient(400, 300), "webp"));
    const QString big =
        writePhoto(dir, QStringLiteral("big.webp"), encoded(gradient(2400, 1200), "webp"));
    const ImportResult result = PhotoImporter::import(post, {small, big});
    QVERIFY2(result.errors.isEmpty(), qPrintable(result.errors.join(u'\n')));
    QVERIFY(result.imported.at(0).writtenPath.endsWith(QLatin1String("/small.webp")));
    QCOMPARE(TestUtil::readAll(result.imported.at(0).writtenPath), TestUtil::readAll(small));
    QCOMPARE(decodedFormat(result.imported.at(1).writtenPath), QByteArray("webp"));
    QCOMPARE(result.imported.at(1).size, QSize(1600, 800));
}

void TestPhotoImporter::formatFromContent()
{
    QTemporaryDir dir;
    const QString post = makeSite(dir);
    const QString pngNamedJpg =
        writePhoto(dir, QStringLiteral("screenshot.jpg"), encoded(gradient(200, 100), "png"));
    const QString text = writePhoto(dir, QStringLiteral("notes.jpg"), "These are my talk notes.\n");
    const QString svg = writePhoto(
        dir, QStringLiteral("logo.jpg"),
        "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" "
        "height=\"10\"><rect width=\"10\" height=\"10\"/></svg>\n");
    const QString heic = writePhoto(dir, QStringLiteral("IMG_0001.HEIC"),
                                    QByteArray("\0\0\0\x18"
                                               "ftypheic\0\0\0\0mif1heic",
                                               24) +
                                        QByteArray(500, 'x'));
    const ImportResult result = PhotoImporter::import(post, {pngNamedJpg, text, svg, heic});
    QCOMPARE(result.imported.size(), 1);
    QVERIFY(result.imported.first().writtenPath.endsWith(QLatin1String("/screenshot.png")));
    QVERIFY(result.imported.first().link.endsWith(QLatin1String("/screenshot.png")));
    QCOMPARE(decodedFormat(result.imported.first().writtenPath), QByteArray("png"));
    QCOMPARE(result.errors.size(), 3);
    QVERIFY(result.errors.at(0).startsWith(text + QLatin1String(": not a picture")));
    QVERIFY(result.errors.at(1).startsWith(svg + QLatin1String(": an SVG drawing")));
    QVERIFY2(result.errors.at(2).startsWith(heic + QLatin1String(": a HEIC/HEIF photo")),
             qPrintable(result.errors.at(2)));
    const QString folder = PhotoImporter::targetFolder(post);
    QCOMPARE(filesIn(folder), QStringList{QStringLiteral("screenshot.png")});
}

void TestPhotoImporter::emptyAndTruncatedRefused()
{
    QTemporaryDir dir;
    const QString post = makeSite(dir);
    const QByteArray jpeg = encoded(gradient(1200, 900), "jpeg");
    const QByteArray png = encoded(gradient(300, 200), "png");
    const QByteArray gif = animatedGif(40, 10, 2);
    const QStringList photos = {
        writePhoto(dir, QStringLiteral("empty.jpg"), QByteArray()),
        writePhoto(dir, QStringLiteral("cut.jpg"), jpeg.left(jpeg.size() / 2)),
        writePhoto(dir, QStringLiteral("cut-header.jpg"), jpeg.left(100)),
        writePhoto(dir, QStringLiteral("cut.png"), png.left(png.size() - 30)),
        writePhoto(dir, QStringLiteral("cut.gif"), gif.left(gif.size() - 40)),
        dir.filePath(QStringLiteral("in/missing.jpg")),
    };
    QElapsedTimer timer;
    timer.start();
    const ImportResult result = PhotoImporter::import(post, photos);
    QVERIFY(timer.elapsed() < 2000);
    QVERIFY(result.imported.isEmpty());
    QCOMPARE(result.errors.size(), photos.size());
    QVERIFY(result.errors.at(0).contains(QLatin1String("empty.jpg: the file is empty")));
    for (int i = 1; i <= 4; ++i)
        QVERIFY2(
            result.errors.at(i).startsWith(photos.at(i) + QLatin1String(": the file is cut short")),
            qPrintable(result.errors.at(i)));
    QVERIFY(result.errors.at(5).contains(QLatin1String("no such file")));
    QVERIFY(!QFileInfo::exists(PhotoImporter::targetFolder(post))); // nothing created for nothing
}

void TestPhotoImporter::decompressionBombRefusedFast()
{
    QTemporaryDir dir;
    const QString post = makeSite(dir);
    const QByteArray bomb = pngBomb();
    QVERIFY(bomb.size() < 2000);
    {
        QByteArray copy = bomb;
        QBuffer buffer(&copy);
        buffer.open(QIODevice::ReadOnly);
        QCOMPARE(QImageReader(&buffer).size(),
                 QSize(20000, 20000)); // Qt takes the header at its word
    }
    const QString path = writePhoto(dir, QStringLiteral("bomb.png"), bomb);
    QElapsedTimer timer;
    timer.start();
    const ImportResult result = PhotoImporter::import(post, {path});
    QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(result.imported.isEmpty());
    QCOMPARE(result.errors.size(), 1);
    QVERIFY2(result.errors.first().startsWith(
                 path + QLatin1String(": it declares 20000 x 20000 pixels (400 megapixels)")),
             qPrintable(result.errors.first()));
    QVERIFY(result.errors.first().contains(QLatin1String("decompression bomb")));
    // The limit is an option.
    ImportOptions options;
    options.maxPixels = 1000;
    const ImportResult small = PhotoImporter::import(
        post, {writePhoto(dir, QStringLiteral("a.png"), encoded(gradient(40, 30), "png"))},
        options);
    QCOMPARE(small.errors.size(), 1);
}

void TestPhotoImporter::nameCollisions()
{
    QTemporaryDir dir;
    const QString post = makeSite(dir);
    const QByteArray a = encoded(gradient(300, 200), "jpeg");
    const QByteArray b = encoded(marked(300, 200), "jpeg");
    const QByteArray c = encoded(gradient(200, 300), "jpeg");
    const QString first = writePhoto(dir, QStringLiteral("one/Photo.jpg"), a);
    const ImportResult r1 = PhotoImporter::import(post, {first});
    const QString written = r1.imported.value(0).writtenPath;
    QVERIFY(written.endsWith(QLatin1String("/photo.jpg")));
    QVERIFY(!r1.imported.value(0).reused);
    // The same bytes again: the file is reused, nothing is written.
    const QDateTime modified = QFileInfo(written).lastModified();
    const ImportResult r2 = PhotoImporter::import(post, {first});
    QCOMPARE(r2.imported.value(0).writtenPath, written);
    QVERIFY(r2.imported.value(0).reused);
    QCOMPARE(QFileInfo(written).lastModified(), modified);
    // Different bytes under the same name: -2, -3, and the earlier files are untouched.
    const ImportResult r3 =
        PhotoImporter::import(post, {writePhoto(dir, QStringLiteral("two/photo.jpg"), b)});
    QVERIFY(r3.imported.value(0).writtenPath.endsWith(QLatin1String("/photo-2.jpg")));
    const ImportResult r4 =
        PhotoImporter::import(post, {writePhoto(dir, QStringLiteral("three/PHOTO.jpeg"), c)});
    QVERIFY(r4.imported.value(0).writtenPath.endsWith(QLatin1String("/photo-3.jpg")));
    QVERIFY(r4.imported.value(0).link.endsWith(QLatin1String("/photo-3.jpg")));
    QCOMPARE(TestUtil::readAll(written), a);
    QCOMPARE(TestUtil::readAll(r3.imported.value(0).writtenPath), b);
    // The second one again finds its own file further down.
    const ImportResult r5 =
        PhotoImporter::import(post, {dir.filePath(QStringLiteral("in/two/photo.jpg"))});
    QVERIFY(r5.imported.value(0).reused);
    QVERIFY(r5.imported.value(0).writtenPath.endsWith(QLatin1String("/photo-2.jpg")));
    QCOMPARE(filesIn(PhotoImporter::targetFolder(post)),
             (QStringList{QStringLiteral("photo-2.jpg"), QStringLiteral("photo-3.jpg"),
                          QStringLiteral("photo.jpg")}));
}

void TestPhotoImporter::batchNamesAreDeterministic()
{
    // Eight different photos all called photo.jpg, some large enough to take a while to encode:
    // the numbers follow the order given, whichever thread finishes first.
    QTemporaryDir dir;
    const QString post = makeSite(dir);
    QStringList photos;
    QList<QByteArray> sources;
    for (int i = 0; i < 8; ++i) {
        const int width = (i % 2 == 0) ? 3200 : 320;
        QImage image = gradient(width, width * 3 / 4);
        image.setPixel(i, 0, qRgb(255, 255, 255));
        sources.append(encoded(image, "jpeg"));
        photos.append(writePhoto(dir, QStringLiteral("%1/photo.jpg").arg(i), sources.last()));
    }
    const ImportResult result = PhotoImporter::import(post, photos);
    QVERIFY2(result.errors.isEmpty(), qPrintable(result.errors.join(u'\n')));
    QCOMPARE(result.imported.size(), 8);
    for (int i = 0; i < 8; ++i) {
        const PhotoImport &photo = result.imported.at(i);
        QCOMPARE(photo.source, photos.at(i));
        const QString expected =
            i == 0 ? QStringLiteral("photo.jpg") : QStringLiteral("photo-%1.jpg").arg(i + 1);
        QCOMPARE(QFileInfo(photo.writtenPath).fileName(), expected);
        QCOMPARE(decoded(TestUtil::readAll(photo.writtenPath)).width(), i % 2 == 0 ? 1600 : 320);
    }
}

void TestPhotoImporter::symlinkedAssetsRefused()
{
    QTemporaryDir dir;
    QTemporaryDir outside;
    const QString post = makeSite(dir);
    QVERIFY(QFile::link(outside.path(), dir.filePath(QStringLiteral("assets"))));
    const QString photo =
        writePhoto(dir, QStringLiteral("p.jpg"), encoded(gradient(200, 100), "jpeg"));
    const ImportResult result = PhotoImporter::import(post, {photo});
    QVERIFY(result.imported.isEmpty());
    QCOMPARE(result.errors.size(), 1);
    QVERIFY2(result.errors.first().contains(QLatin1String("outside")),
             qPrintable(result.errors.first()));
    QVERIFY(result.errors.first().contains(QFileInfo(outside.path()).canonicalFilePath()));
    QCOMPARE(filesIn(outside.path()), QStringList());
    QVERIFY(QDir(outside.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).isEmpty());
}

void TestPhotoImporter::symlinkedDestinationFileRefused()
{
    QTemporaryDir dir;
    QTemporaryDir outside;
    const QString post = makeSite(dir);
    const QString target = outside.filePath(QStringLiteral("victim.txt"));
    TestUtil::writeAll(target, "precious");
    const QString folder = PhotoImporter::targetFolder(post);
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(QFile::link(target, folder + QStringLiteral("/p.jpg")));
    const ImportResult result = PhotoImporter::import(
        post, {writePhoto(dir, QStringLiteral("p.jpg"), encoded(gradient(200, 100), "jpeg"))});
    QVERIFY(result.imported.isEmpty());
    QVERIFY2(result.errors.value(0).contains(QLatin1String("symbolic link")),
             qPrintable(result.errors.value(0)));
    QCOMPARE(TestUtil::readAll(target), QByteArray("precious"));
}

void TestPhotoImporter::symlinkInsideSiteFollowed()
{
    // A link that stays inside the site is fine: some sites link assets to a shared folder.
    QTemporaryDir dir;
    const QString post = makeSite(dir);
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("shared/assets"))));
    QVERIFY(QFile::link(dir.filePath(QStringLiteral("shared/assets")),
                        dir.filePath(QStringLiteral("assets"))));
    const ImportResult result = PhotoImporter::import(
        post, {writePhoto(dir, QStringLiteral("p.jpg"), encoded(gradient(200, 100), "jpeg"))});
    QVERIFY2(result.errors.isEmpty(), qPrintable(result.errors.join(u'\n')));
    QVERIFY(QFileInfo::exists(
        dir.filePath(QStringLiteral("shared/assets/images/posts/2024-05-01-august-meetup/p.jpg"))));
    QCOMPARE(result.imported.first().link,
             QStringLiteral("/assets/images/posts/2024-05-01-august-meetup/p.jpg"));
}

void TestPhotoImporter::folderFromSitePosts()
{
    QTemporaryDir dir;
    const QString post = makeSite(dir, "title: x\n", QStringLiteral("2024-09-01-september.md"));
    // Default when no post links an image.
    QCOMPARE(PhotoImporter::targetFolder(post),
             dir.filePath(QStringLiteral("assets/images/posts/2024-09-01-september")));
    // Two posts with per-post folders, one post with its own fixed folder.
    TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/2024-05-01-may.md")),
                       "---\ntitle: "
                       "May\n---\n![a](/assets/img/posts/2024-05-01-may/a.jpg)\n![b](/assets/img/"
                       "posts/2024-05-01-may/b.jpg)\n");
    TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/2024-06-01-june.md")),
                       "---\ntitle: June\n---\n<img src=\"{{ site.baseurl "
                       "}}/assets/img/posts/2024-06-01-june/x.png\" alt=\"\">\n");
    TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/2024-07-01-july.md")),
                       "---\ntitle: July\n---\n![a](/images/july/a.jpg) ![b](/images/july/b.jpg) "
                       "![c](/images/july/c.jpg)\n");
    const Site site = Site::load(dir.path());
    QCOMPARE(PhotoImporter::detectedImageFolder(site), QStringLiteral("assets/img/posts/:post"));
    QCOMPARE(PhotoImporter::targetFolder(post),
             dir.filePath(QStringLiteral("assets/img/posts/2024-09-01-september")));
    QCOMPARE(PhotoImporter::linkFor(post, QStringLiteral("x.jpg")),
             QStringLiteral("/assets/img/posts/2024-09-01-september/x.jpg"));

    // A fixed folder shared by several posts (front matter `image:`, relative_url, an absolute
    // URL of the site) beats the per-post one used by two.
    QTemporaryDir other;
    const QString post2 =
        makeSite(other, "url: https://example.org\n", QStringLiteral("2024-09-01-september.md"));
    TestUtil::writeAll(other.filePath(QStringLiteral("_posts/2024-01-01-a.md")),
                       "---\nimage: /uploads/a.jpg\n---\n");
    TestUtil::writeAll(other.filePath(QStringLiteral("_posts/2024-02-01-b.md")),
                       "---\ntitle: b\n---\n![x]({{ '/uploads/b.png' | relative_url }})\n");
    TestUtil::writeAll(other.filePath(QStringLiteral("_posts/2024-03-01-c.md")),
                       "---\nimage:\n  path: https://example.org/uploads/c.jpg\n---\n");
    TestUtil::writeAll(other.filePath(QStringLiteral("_posts/2024-04-01-d.md")),
                       "---\n---\n![x](/photos/d/1.jpg)\n");
    TestUtil::writeAll(other.filePath(QStringLiteral("_posts/2024-05-01-e.md")),
                       "---\n---\n![x](/photos/e/1.jpg)\n");
    TestUtil::writeAll(
        other.filePath(QStringLiteral("_posts/2024-06-01-f.md")),
        "---\n---\n![x](https://cdn.example.com/uploads/z.jpg) ![y](relative/q.jpg)\n");
    QCOMPARE(PhotoImporter::detectedImageFolder(Site::load(other.path())),
             QStringLiteral("uploads"));
    QCOMPARE(PhotoImporter::linkFor(post2, QStringLiteral("x.jpg")),
             QStringLiteral("/uploads/x.jpg"));

    // Per-post folders named by slug, and folders named some other way under one parent.
    QTemporaryDir third;
    makeSite(third);
    TestUtil::writeAll(third.filePath(QStringLiteral("_posts/2024-01-01-winter.md")),
                       "---\n---\n![x](/img/winter/1.jpg)\n");
    QCOMPARE(PhotoImporter::detectedImageFolder(Site::load(third.path())),
             QStringLiteral("img/:slug"));
    QTemporaryDir fourth;
    makeSite(fourth);
    TestUtil::writeAll(fourth.filePath(QStringLiteral("_posts/2024-01-01-a.md")),
                       "---\n---\n![x](/pics/jan/1.jpg)\n");
    TestUtil::writeAll(fourth.filePath(QStringLiteral("_posts/2024-02-01-b.md")),
                       "---\n---\n![x](/pics/feb/1.jpg)\n");
    QCOMPARE(PhotoImporter::detectedImageFolder(Site::load(fourth.path())),
             QStringLiteral("pics/:post"));
    // One post's own fixed folder is no convention.
    QTemporaryDir fifth;
    const QString post5 = makeSite(fifth);
    TestUtil::writeAll(fifth.filePath(QStringLiteral("_posts/2024-01-01-a.md")),
                       "---\n---\n![x](/pics/jan/1.jpg)\n");
    QCOMPARE(PhotoImporter::detectedImageFolder(Site::load(fifth.path())), QString());
    QCOMPARE(PhotoImporter::targetFolder(post5),
             fifth.filePath(QStringLiteral("assets/images/posts/2024-05-01-august-meetup")));

    // A renamed post left its folder where it was, as another post uses it too: two posts link
    // into "2024-01-10-a/", named after neither of them now. It is a per-post folder all the
    // same, not the site's folder for every new photo.
    QTemporaryDir sixth;
    makeSite(sixth);
    TestUtil::writeAll(sixth.filePath(QStringLiteral("_posts/2024-01-10-a-report.md")),
                       "---\n---\n![x](/assets/images/posts/2024-01-10-a/p.jpg)\n");
    TestUtil::writeAll(sixth.filePath(QStringLiteral("_posts/2024-02-10-b.md")),
                       "---\n---\n![x](/assets/images/posts/2024-01-10-a/p.jpg)\n");
    const QString c = sixth.filePath(QStringLiteral("_posts/2024-04-01-c.md"));
    TestUtil::writeAll(c, "---\n---\n![x](/assets/images/posts/2024-04-01-c/p.jpg)\n");
    QCOMPARE(PhotoImporter::detectedImageFolder(Site::load(sixth.path())),
             QStringLiteral("assets/images/posts/:post"));
    QCOMPARE(PhotoImporter::targetFolder(c),
             sixth.filePath(QStringLiteral("assets/images/posts/2024-04-01-c")));
}

void TestPhotoImporter::folderFromConfig()
{
    QTemporaryDir dir;
    const QString post =
        makeSite(dir, "title: x\nmeetdown:\n  image_folder: \"assets/photos/:post\"\n");
    TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/2024-01-01-a.md")),
                       "---\n---\n![x](/uploads/a.jpg)\n");
    TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/2024-02-01-b.md")),
                       "---\n---\n![x](/uploads/b.jpg)\n");
    QCOMPARE(PhotoImporter::targetFolder(post),
             dir.filePath(QStringLiteral("assets/photos/2024-05-01-august-meetup")));
    const ImportResult result = PhotoImporter::import(
        post, {writePhoto(dir, QStringLiteral("Talk 1.jpg"), encoded(gradient(200, 100), "jpeg"))});
    QCOMPARE(result.imported.value(0).link,
             QStringLiteral("/assets/photos/2024-05-01-august-meetup/talk-1.jpg"));
    QVERIFY(QFileInfo::exists(
        dir.filePath(QStringLiteral("assets/photos/2024-05-01-august-meetup/talk-1.jpg"))));

    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")),
                       "meetdown: {image_folder: /media/:slug/}\n");
    QCOMPARE(PhotoImporter::targetFolder(post),
             dir.filePath(QStringLiteral("media/august-meetup")));
    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")),
                       "meetdown: {image_folder: ../elsewhere}\n");
    const PhotoDestination bad = PhotoImporter::destinationFor(post);
    QVERIFY(bad.folder.isEmpty());
    QVERIFY2(bad.error.contains(QLatin1String("leaves the site")), qPrintable(bad.error));
    const ImportResult refused =
        PhotoImporter::import(post, {dir.filePath(QStringLiteral("in/Talk 1.jpg"))});
    QVERIFY(refused.imported.isEmpty());
    QCOMPARE(refused.errors.size(), 1);
}

void TestPhotoImporter::baseurlPrefix()
{
    QTemporaryDir dir;
    const QString post = makeSite(dir, "baseurl: /meetup/\n");
    QCOMPARE(
        PhotoImporter::linkFor(post, QStringLiteral("a.jpg")),
        QStringLiteral("{{ site.baseurl }}/assets/images/posts/2024-05-01-august-meetup/a.jpg"));
    // Links that already carry the baseurl literally count for the detection.
    TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/2024-01-01-a.md")),
                       "---\n---\n![x](/meetup/pics/a.jpg)\n");
    TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/2024-02-01-b.md")),
                       "---\n---\n![x](/meetup/pics/b.jpg)\n");
    QCOMPARE(PhotoImporter::linkFor(post, QStringLiteral("a.jpg")),
             QStringLiteral("{{ site.baseurl }}/pics/a.jpg"));
    // Without a baseurl those links name a folder called meetup.
    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")), "baseurl: \"\"\n");
    QCOMPARE(PhotoImporter::linkFor(post, QStringLiteral("a.jpg")),
             QStringLiteral("/meetup/pics/a.jpg"));
}

void TestPhotoImporter::outsideSite()
{
    QTemporaryDir dir;
    const QString post = dir.filePath(QStringLiteral("notes/talk.md"));
    TestUtil::writeAll(post, "# Talk\n");
    const PhotoDestination destination = PhotoImporter::destinationFor(post);
    QCOMPARE(destination.folder, dir.filePath(QStringLiteral("notes/talk")));
    QCOMPARE(destination.linkPrefix, QStringLiteral("talk/"));
    const ImportResult result = PhotoImporter::import(
        post,
        {writePhoto(dir, QStringLiteral("Stage Photo.jpg"), encoded(gradient(300, 200), "jpeg"))});
    QVERIFY2(result.errors.isEmpty(), qPrintable(result.errors.join(u'\n')));
    QCOMPARE(result.imported.first().link, QStringLiteral("talk/stage-photo.jpg"));
    QCOMPARE(result.imported.first().writtenPath,
             dir.filePath(QStringLiteral("notes/talk/stage-photo.jpg")));
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("notes/talk/stage-photo.jpg"))));
    // A name that needs escaping in a link.
    QCOMPARE(PhotoImporter::linkFor(dir.filePath(QStringLiteral("Août 2024.md")),
                                    QStringLiteral("a.jpg")),
             QStringLiteral("Ao%C3%BBt%202024/a.jpg"));
}

void TestPhotoImporter::fileNames_data()
{
    QTest::addColumn<QString>("original");
    QTest::addColumn<QString>("extension");
    QTest::addColumn<QString>("expected");
    QTest::newRow("accents") << QStringLiteral("Café Foto.JPG") << QStringLiteral("jpg")
                             << QStringLiteral("cafe-foto.jpg");
    QTest::newRow("undecomposable letters")
        << QStringLiteral("Straße Ærø Łódź.png") << QStringLiteral("png")
        << QStringLiteral("strasse-aero-lodz.png");
    QTest::newRow("punctuation") << QStringLiteral("IMG_2041 (1).jpeg") << QStringLiteral("jpg")
                                 << QStringLiteral("img-2041-1.jpg");
    QTest::newRow("dashes collapse")
        << QStringLiteral("--a -- b--.jpg") << QStringLiteral("jpg") << QStringLiteral("a-b.jpg");
    QTest::newRow("nothing left") << QStringLiteral("日本.jpg") << QStringLiteral("jpg")
                                  << QStringLiteral("photo.jpg");
    QTest::newRow("only extension")
        << QStringLiteral(".jpg") << QStringLiteral("jpg") << QStringLiteral("photo.jpg");
    QTest::newRow("real format wins")
        << QStringLiteral("shot.jpg") << QStringLiteral("png") << QStringLiteral("shot.png");
    QTest::newRow("inner dots") << QStringLiteral("talk.v2.final.JPG") << QStringLiteral("jpg")
                                << QStringLiteral("talk-v2-final.jpg");
    QTest::newRow("full-width digits")
        << QStringLiteral("Ｆｏｔｏ１.jpg") << QStringLiteral("jpg") << QStringLiteral("foto1.jpg");
    QTest::newRow("long") << QString(100, u'a') + QStringLiteral(".jpg") << QStringLiteral("jpg")
                          << QString(64, u'a') + QStringLiteral(".jpg");
}

void TestPhotoImporter::fileNames()
{
    QFETCH(QString, original);
    QFETCH(QString, extension);
    QFETCH(QString, expected);
    QCOMPARE(PhotoImporter::fileNameFor(original, extension), expected);
}

void TestPhotoImporter::altText_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QString>("expected");
    QTest::newRow("dashes") << QStringLiteral("talk-1-janaki.jpg")
                            << QStringLiteral("Talk 1 Janaki");
    QTest::newRow("underscores and spaces") << QStringLiteral("group_photo  after talk.png")
                                            << QStringLiteral("Group Photo After Talk");
    QTest::newRow("keeps case inside words")
        << QStringLiteral("IMG_2041.JPG") << QStringLiteral("IMG 2041");
    QTest::newRow("accents") << QStringLiteral("éclair-demo.jpg") << QStringLiteral("Éclair Demo");
    QTest::newRow("no words") << QStringLiteral("---.jpg") << QString();
}

void TestPhotoImporter::altText()
{
    QFETCH(QString, fileName);
    QFETCH(QString, expected);
    QCOMPARE(PhotoImporter::altTextFor(fileName), expected);
}

void TestPhotoImporter::markdown()
{
    PhotoImport photo;
    photo.alt = QStringLiteral("Slides [draft]");
    photo.link = QStringLiteral("{{ site.baseurl }}/assets/a.jpg");
    QCOMPARE(PhotoImporter::markdownFor(photo),
             QStringLiteral("![Slides \\[draft\\]]({{ site.baseurl }}/assets/a.jpg)"));
}

void TestPhotoImporter::cancelAndProgress()
{
    QTemporaryDir dir;
    const QString post = makeSite(dir);
    QStringList photos;
    for (int i = 0; i < 6; ++i)
        photos.append(writePhoto(dir, QStringLiteral("p%1.jpg").arg(i),
                                 encoded(gradient(2400 + i, 1800), "jpeg")));
    QList<int> seen;
    std::mutex mutex;
    auto record = [&](int done, int total) {
        std::lock_guard<std::mutex> lock(mutex);
        QCOMPARE(total, 6);
        seen.append(done);
    };
    const ImportResult all = PhotoImporter::import(post, photos, {}, {}, record);
    QCOMPARE(all.imported.size(), 6);
    QCOMPARE(seen, (QList<int>{1, 2, 3, 4, 5, 6}));
    QVERIFY(!all.cancelled);

    QTemporaryDir again;
    const QString post2 = makeSite(again);
    std::atomic<bool> stop{false};
    seen.clear();
    const ImportResult part = PhotoImporter::import(
        post2, photos, {}, [&] { return stop.load(); },
        [&](int done, int total) {
            record(done, total);
            if (done == 2)
                stop.store(true);
        });
    QVERIFY(part.cancelled);
    QCOMPARE(part.imported.size(), 2);
    QVERIFY(part.errors.isEmpty());
    QCOMPARE(filesIn(PhotoImporter::targetFolder(post2)).size(), 2);
    for (int i = 1; i < seen.size(); ++i)
        QVERIFY(seen.at(i) > seen.at(i - 1));
}

void TestPhotoImporter::cliImportPhoto()
{
    QTemporaryDir dir;
    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")), "title: x\n");
    const QString post = dir.filePath(QStringLiteral("_posts/2024-05-01-aug.md"));
    const QByteArray front = "---\r\ntitle: Aug # keep\r\ntags: [a,  b]\r\n---\r\n";
    TestUtil::writeAll(post, front + "Hello\r\n");
    const QString a =
        writePhoto(dir, QStringLiteral("A.jpg"),
                   withExif(encoded(gradient(4000, 3000), "jpeg"), tiff(false, 1, true)));
    const QString b = writePhoto(dir, QStringLiteral("b.png"), encoded(gradient(200, 100), "png"));
    auto r = TestUtil::meetdown({QStringLiteral("import-photo"), post, a, b,
                                 QStringLiteral("--alt"), QStringLiteral("The talk")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString folder = dir.filePath(QStringLiteral("assets/images/posts/2024-05-01-aug"));
    const QByteArray out = r.out;
    QVERIFY2(out.contains((a + QStringLiteral(" -> ") + folder +
                           QStringLiteral("/a.jpg (resized to 1600x1200, location data removed)"))
                              .toUtf8()),
             out.constData());
    QVERIFY(
        out.contains((b + QStringLiteral(" -> ") + folder + QStringLiteral("/b.png\n")).toUtf8()));
    QVERIFY(out.contains("/assets/images/posts/2024-05-01-aug/a.jpg"));
    QCOMPARE(TestUtil::readAll(post),
             front + "Hello\r\n\r\n![The talk](/assets/images/posts/2024-05-01-aug/a.jpg)\r\n"
                     "![The talk](/assets/images/posts/2024-05-01-aug/b.png)\r\n");
    QCOMPARE(decoded(TestUtil::readAll(folder + QStringLiteral("/a.jpg"))).size(),
             QSize(1600, 1200));

    // Again: the files are reused and the post already links them, so it is left alone.
    const QByteArray before = TestUtil::readAll(post);
    r = TestUtil::meetdown({QStringLiteral("import-photo"), post, b});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("reused"));
    QCOMPARE(TestUtil::readAll(post), before);

    // --max-width, and a body without a final line break.
    const QString post2 = dir.filePath(QStringLiteral("_posts/2024-06-01-june.md"));
    TestUtil::writeAll(post2, "---\ntitle: June\n---\nNo newline");
    r = TestUtil::meetdown({QStringLiteral("import-photo"), post2, a, QStringLiteral("--max-width"),
                            QStringLiteral("800")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("resized to 800x600"));
    QCOMPARE(TestUtil::readAll(post2),
             QByteArray("---\ntitle: June\n---\nNo "
                        "newline\n\n![A](/assets/images/posts/2024-06-01-june/a.jpg)\n"));
}

void TestPhotoImporter::cliErrorsAndUsage()
{
    QTemporaryDir dir;
    const QString post = dir.filePath(QStringLiteral("talk.md"));
    TestUtil::writeAll(post, "# Talk\n\n");
    const QString good =
        writePhoto(dir, QStringLiteral("good.jpg"), encoded(gradient(200, 100), "jpeg"));
    const QString bad = writePhoto(dir, QStringLiteral("bad.jpg"), "not a picture");
    auto r = TestUtil::meetdown({QStringLiteral("import-photo"), post, bad, good});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains((bad + QStringLiteral(": not a picture")).toUtf8()), r.err.constData());
    QCOMPARE(TestUtil::readAll(post), QByteArray("# Talk\n\n![Good](talk/good.jpg)\n"));
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("talk/good.jpg"))));

    QCOMPARE(TestUtil::meetdown({QStringLiteral("import-photo")}).exitCode, 2);
    QCOMPARE(TestUtil::meetdown({QStringLiteral("import-photo"), post}).exitCode, 2);
    QCOMPARE(TestUtil::meetdown({QStringLiteral("import-photo"), post, good,
                                 QStringLiteral("--max-width"), QStringLiteral("wide")})
                 .exitCode,
             2);
    QCOMPARE(
        TestUtil::meetdown({QStringLiteral("import-photo"), post, good, QStringLiteral("--alt")})
            .exitCode,
        2);
    QCOMPARE(TestUtil::meetdown(
                 {QStringLiteral("import-photo"), post, good, QStringLiteral("--frobnicate")})
                 .exitCode,
             2);
    // A post that does not exist: nothing imported.
    r = TestUtil::meetdown(
        {QStringLiteral("import-photo"), dir.filePath(QStringLiteral("missing.md")), good});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("missing"))));
    QVERIFY(
        TestUtil::meetdown({QStringLiteral("--help")}).out.contains("import-photo POST PHOTO..."));
}

void TestPhotoImporter::jekyllBuildResolvesLink()
{
    QTemporaryDir dir;
    const QString root = dir.filePath(QStringLiteral("site"));
    TestUtil::writeAll(root + QStringLiteral("/_config.yml"),
                       "title: Meetup\nbaseurl: /meetup\ntimezone: UTC\n");
    const QString post = root + QStringLiteral("/_posts/2024-05-01-august-meetup.md");
    TestUtil::writeAll(post,
                       "---\ntitle: August meetup\ndate: 2024-05-01 18:00:00 +0000\n---\nTalks.\n");
    const QString photo = writePhoto(dir, QStringLiteral("Janaki on stage.jpg"),
                                     encoded(gradient(2000, 1000), "jpeg"));
    const auto r = TestUtil::meetdown({QStringLiteral("import-photo"), post, photo});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(TestUtil::readAll(post).contains(
        "({{ site.baseurl }}/assets/images/posts/2024-05-01-august-meetup/janaki-on-stage.jpg)"));

    const QString out = dir.filePath(QStringLiteral("_site"));
    const auto build = TestUtil::run(QStringLiteral("jekyll"),
                                     {QStringLiteral("build"), QStringLiteral("--quiet"),
                                      QStringLiteral("-s"), root, QStringLiteral("-d"), out});
    QVERIFY2(build.exitCode == 0, build.err.constData());
    QStringList sources;
    QDirIterator it(out, {QStringLiteral("*.html")}, QDir::Files, QDirIterator::Subdirectories);
    static const QRegularExpression img(QStringLiteral("<img [^>]*src=\"([^\"]+)\""));
    while (it.hasNext()) {
        auto matches = img.globalMatch(QString::fromUtf8(TestUtil::readAll(it.next())));
        while (matches.hasNext())
            sources.append(matches.next().captured(1));
    }
    QCOMPARE(sources.size(), 1);
    const QString src = sources.first();
    QVERIFY2(src.startsWith(QLatin1String("/meetup/")), qPrintable(src));
    const QString file = out + src.mid(QStringLiteral("/meetup").size());
    QVERIFY2(QFileInfo::exists(file), qPrintable(src));
    QCOMPARE(TestUtil::readAll(file),
             TestUtil::readAll(
                 root + QStringLiteral(
                            "/assets/images/posts/2024-05-01-august-meetup/janaki-on-stage.jpg")));
}

QTEST_GUILESS_MAIN(TestPhotoImporter)
#include "tst_photoimporter.moc"
