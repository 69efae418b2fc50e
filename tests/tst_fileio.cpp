// Saving: atomic, checked, permission- and symlink-preserving; on failure the file is untouched.

#include "testutil.h"

#include <editor/fileio.h>

#include <QtTest>

#include <csignal>
#include <sys/resource.h>

using namespace Meetdown;

class TestFileIO final : public QObject
{
    Q_OBJECT

private slots:
    void writesAndKeepsPermissions();
    void symlinkStaysSymlink();
    void missingFolderFails();
    void readOnlyFolderFails();
    void diskFullLeavesOriginal();
    void folderIsRefused();
    void readRefusesTooLarge();
};

void TestFileIO::writesAndKeepsPermissions()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("post.md"));
    QVERIFY(TestUtil::writeAll(path, "old"));
    const auto perms = QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ExeOwner;
    QVERIFY(QFile::setPermissions(path, perms));
    QCOMPARE(FileIO::write(path, "new"), QString());
    QCOMPARE(TestUtil::readAll(path), QByteArray("new"));
    QCOMPARE(QFile::permissions(path) & ~(QFile::ReadUser | QFile::WriteUser | QFile::ExeUser),
             perms);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1); // no temp file left

    // A read-only file stays read-only. Only root can write it, and Qt's "user" flags say what
    // the running user may do (root: write), not the file's mode, so they must not be restored.
    const auto readOnly = QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther;
    QVERIFY(QFile::setPermissions(path, readOnly));
    if (FileIO::write(path, "newer").isEmpty()) {
        QCOMPARE(TestUtil::readAll(path), QByteArray("newer"));
        QCOMPARE(QFile::permissions(path) & ~(QFile::ReadUser | QFile::WriteUser | QFile::ExeUser),
                 readOnly);
    } else {
        QCOMPARE(TestUtil::readAll(path), QByteArray("new"));
    }
}

void TestFileIO::symlinkStaysSymlink()
{
    QTemporaryDir dir;
    const QString target = dir.filePath(QStringLiteral("real/post.md"));
    QVERIFY(TestUtil::writeAll(target, "old"));
    const QString link = dir.filePath(QStringLiteral("link.md"));
    QVERIFY(QFile::link(target, link));
    QCOMPARE(FileIO::write(link, "new"), QString());
    QVERIFY(QFileInfo(link).isSymLink());
    QCOMPARE(TestUtil::readAll(target), QByteArray("new"));
}

void TestFileIO::missingFolderFails()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("missing/post.md"));
    const QString error = FileIO::write(path, "x");
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY(!QFileInfo::exists(path));
}

void TestFileIO::readOnlyFolderFails()
{
    // Root ignores permission bits, so use a file system that takes no new files at all.
    const QString path = QStringLiteral("/proc/meetdown-test-post.md");
    const QString error = FileIO::write(path, "x");
    QVERIFY(!error.isEmpty());
    QVERIFY(error.contains(QLatin1String("/proc/meetdown-test-post.md")));
    QVERIFY(error.contains(QLatin1String("Nothing was written")));
}

void TestFileIO::diskFullLeavesOriginal()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("post.md"));
    const QByteArray original(1000, 'o');
    QVERIFY(TestUtil::writeAll(path, original));
    // A file size limit makes write() fail with EFBIG, as a full disk makes it fail with ENOSPC.
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit old{};
    getrlimit(RLIMIT_FSIZE, &old);
    rlimit small = old;
    small.rlim_cur = 64 * 1024;
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
    const QString error = FileIO::write(path, QByteArray(1024 * 1024, 'n'));
    setrlimit(RLIMIT_FSIZE, &old);
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains(path), qPrintable(error));
    QCOMPARE(TestUtil::readAll(path), original);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
}

void TestFileIO::folderIsRefused()
{
    QTemporaryDir dir;
    QVERIFY(!FileIO::write(dir.path(), "x").isEmpty());
    QVERIFY(!FileIO::read(dir.path(), 100).error.isEmpty());
}

void TestFileIO::readRefusesTooLarge()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.md"));
    QVERIFY(TestUtil::writeAll(path, QByteArray(2000, 'x')));
    const ReadResult r = FileIO::read(path, 1000);
    QVERIFY(r.bytes.isEmpty());
    QVERIFY(r.error.contains(QLatin1String("MB")));
    QCOMPARE(FileIO::read(path, 5000).bytes.size(), 2000);
}

QTEST_GUILESS_MAIN(TestFileIO)
#include "tst_fileio.moc"
