// The open document: one undo history over form and text edits, byte-exact saves, save errors
// that keep the edits, changes on disk, and the crash journal.

#include "testutil.h"

#include <editor/document.h>
#include <editor/journal.h>

#include <QSignalSpy>
#include <QTextCursor>
#include <QTextDocument>
#include <QUndoStack>
#include <QtTest>

using namespace Meetdown;

class TestDocument final : public QObject
{
    Q_OBJECT

private slots:
    void corpusPostsSaveByteIdentical();
    void undoCoversFormAndTextInOrder();
    void formEditChangesOneLine();
    void saveErrorKeepsEdits();
    void detectsReplaceByRename();
    void journalOrphans();
    void nonBreakingSpacesSurviveEditing();
    void followsAMovedFile();
};

void TestDocument::corpusPostsSaveByteIdentical()
{
    QTemporaryDir dir;
    int n = 0;
    for (const QString &path : TestUtil::corpusPosts()) {
        const QString copy = dir.filePath(QStringLiteral("%1.md").arg(n++));
        QVERIFY(QFile::copy(path, copy));
        Document doc;
        QCOMPARE(doc.load(copy), QString());
        QVERIFY(!doc.isModified());
        QCOMPARE(doc.save(), QString());
        QVERIFY2(TestUtil::readAll(copy) == TestUtil::readAll(path), qPrintable(path));
    }
    QVERIFY(n > 300);
}

void TestDocument::undoCoversFormAndTextInOrder()
{
    Document doc;
    doc.loadNew("---\ntitle: One\n---\nBody\n");
    QCOMPARE(doc.applyFieldEdit(FieldEdit::string(QStringLiteral("title"), QStringLiteral("Two"))),
             QString());
    QTextCursor cursor(doc.bodyDocument());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(QStringLiteral("More"));
    QCOMPARE(doc.applyFieldEdit(FieldEdit::boolean(QStringLiteral("featured"), true)), QString());
    QVERIFY(doc.isModified());
    QCOMPARE(doc.bytes(), QByteArray("---\ntitle: Two\nfeatured: true\n---\nBody\nMore"));
    doc.undoStack()->undo();
    QCOMPARE(doc.bytes(), QByteArray("---\ntitle: Two\n---\nBody\nMore"));
    doc.undoStack()->undo();
    QCOMPARE(doc.bytes(), QByteArray("---\ntitle: Two\n---\nBody\n"));
    doc.undoStack()->undo();
    QCOMPARE(doc.bytes(), QByteArray("---\ntitle: One\n---\nBody\n"));
    QVERIFY(!doc.isModified());
    doc.undoStack()->redo();
    doc.undoStack()->redo();
    QCOMPARE(doc.bytes(), QByteArray("---\ntitle: Two\n---\nBody\nMore"));
}

void TestDocument::formEditChangesOneLine()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("2021-03-20-march-meetup.md"));
    QVERIFY(QFile::copy(
        TestUtil::corpusDir() +
            QStringLiteral("/bangpypers_2021_seed_schema/_posts/2021-03-20-march-meetup.md"),
        path));
    const QByteArray before = TestUtil::readAll(path);
    Document doc;
    QCOMPARE(doc.load(path), QString());
    // Typing a title, one keystroke at a time, is one undo step.
    for (const QString &t : {QStringLiteral("T"), QStringLiteral("Ta"), QStringLiteral("Tal")})
        QCOMPARE(doc.applyFieldEdit(FieldEdit::string(QStringLiteral("title"), t)), QString());
    QCOMPARE(doc.undoStack()->count(), 1);
    QCOMPARE(doc.save(), QString());
    QCOMPARE(TestUtil::changedLineCount(before, TestUtil::readAll(path)), 1);
}

void TestDocument::saveErrorKeepsEdits()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("p.md"));
    TestUtil::writeAll(path, "---\ntitle: x\n---\n");
    Document doc;
    QCOMPARE(doc.load(path), QString());
    QTextCursor(doc.bodyDocument()).insertText(QStringLiteral("words"));
    const QString error = doc.saveAs(dir.filePath(QStringLiteral("missing/p.md")));
    QVERIFY(!error.isEmpty());
    QVERIFY(doc.isModified());
    QCOMPARE(doc.bodyText(), QStringLiteral("words"));
    QCOMPARE(doc.path(), QFileInfo(path).absoluteFilePath());
}

void TestDocument::detectsReplaceByRename()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("p.md"));
    TestUtil::writeAll(path, "---\ntitle: x\n---\n");
    Document doc;
    QCOMPARE(doc.load(path), QString());
    QSignalSpy spy(&doc, &Document::fileChangedOnDisk);
    const QString tmp = dir.filePath(QStringLiteral(".p.md.tmp"));
    TestUtil::writeAll(tmp, "---\ntitle: y\n---\n");
    QVERIFY(::rename(qPrintable(tmp), qPrintable(path)) == 0);
    QTRY_VERIFY(spy.count() >= 1);
    QVERIFY(doc.changedOnDisk());
    QCOMPARE(doc.reload(), QString());
    QCOMPARE(doc.frontMatter().value(QStringLiteral("title")).toString(), QStringLiteral("y"));
    // Our own save is not reported as a change on disk.
    spy.clear();
    QCOMPARE(doc.applyFieldEdit(FieldEdit::string(QStringLiteral("title"), QStringLiteral("z"))),
             QString());
    QCOMPARE(doc.save(), QString());
    QVERIFY(!doc.changedOnDisk());
}

void TestDocument::journalOrphans()
{
    QTemporaryDir dir;
    Journal journal(dir.path());
    JournalEntry live{QStringLiteral("live"),       QStringLiteral("/x.md"),           "bytes", "h",
                      QDateTime::currentDateTime(), QCoreApplication::applicationPid()};
    JournalEntry dead{QStringLiteral("dead"),  QStringLiteral("/y.md"),      "more",
                      Journal::hashOf("disk"), QDateTime::currentDateTime(), 0x7ffffff0};
    QCOMPARE(journal.write(live), QString());
    QCOMPARE(journal.write(dead), QString());
    const QList<JournalEntry> orphans = journal.orphans();
    QCOMPARE(orphans.size(), 1);
    QCOMPARE(orphans.first().id, QStringLiteral("dead"));
    QCOMPARE(orphans.first().bytes, QByteArray("more"));
    QCOMPARE(orphans.first().diskHash, Journal::hashOf("disk"));
    journal.remove(QStringLiteral("dead"));
    QVERIFY(journal.orphans().isEmpty());
}

void TestDocument::nonBreakingSpacesSurviveEditing()
{
    Document doc;
    doc.loadNew("---\ntitle: x\n---\nA\xC2\xA0"
                "B\n");
    QTextCursor cursor(doc.bodyDocument());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(QStringLiteral("C"));
    QCOMPARE(doc.bytes(), QByteArray("---\ntitle: x\n---\nA\xC2\xA0"
                                     "B\nC"));
}

// After a rename on disk the document follows the file: same bytes keep the undo history, other
// bytes (links rewritten) reload, and unsaved edits refuse the move.
void TestDocument::followsAMovedFile()
{
    QTemporaryDir dir;
    const QString before = dir.filePath(QStringLiteral("2024-01-01-old.md"));
    const QString after = dir.filePath(QStringLiteral("2024-01-01-new.md"));
    TestUtil::writeAll(before, "---\ntitle: Old\n---\n![a](2024-01-01-old/a.png)\n");
    Document doc;
    QCOMPARE(doc.load(before), QString());
    QCOMPARE(doc.applyFieldEdit(FieldEdit::string(QStringLiteral("title"), QStringLiteral("New"))),
             QString());
    QCOMPARE(doc.save(), QString());
    QVERIFY(QFile::rename(before, after));
    QSignalSpy moved(&doc, &Document::pathChanged);
    QCOMPARE(doc.followMove(after), QString());
    QCOMPARE(doc.path(), after);
    QCOMPARE(moved.size(), 1);
    QVERIFY(!doc.isModified());
    QVERIFY(doc.undoStack()->canUndo()); // same bytes: the history stays

    // Unsaved edits: refused, nothing changes.
    QTextCursor cursor(doc.bodyDocument());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(QStringLiteral("typed"));
    QVERIFY(doc.isModified());
    const QString renamed = dir.filePath(QStringLiteral("2024-01-01-newer.md"));
    QVERIFY(QFile::copy(after, renamed));
    QVERIFY(!doc.followMove(renamed).isEmpty());
    QCOMPARE(doc.path(), after);
    QVERIFY(doc.bodyText().endsWith(QLatin1String("typed")));
    QCOMPARE(doc.save(), QString());

    // Other bytes on disk (the links were rewritten): read again.
    const QByteArray rewritten = "---\ntitle: New\n---\n![a](2024-01-01-newer/a.png)\ntyped";
    TestUtil::writeAll(renamed, rewritten);
    QVERIFY(QFile::remove(after));
    QCOMPARE(doc.followMove(renamed), QString());
    QCOMPARE(doc.path(), renamed);
    QCOMPARE(doc.bytes(), rewritten);
    QVERIFY(!doc.isModified());
}

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    TestDocument test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_document.moc"
