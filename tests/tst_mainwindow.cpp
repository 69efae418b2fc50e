// The whole window, with the real WebEngine preview: typing reaches the preview's DOM, a form
// edit changes one line of the saved file, corpus posts save unchanged, the preview follows the
// editor, and edits survive a killed process through the journal.

#include "guiutil.h"
#include "testutil.h"

#include <app/mainwindow.h>
#include <editor/document.h>
#include <editor/frontmatterform.h>
#include <editor/journal.h>
#include <editor/markdowneditor.h>
#include <editor/sitebrowser.h>
#include <preview/previewview.h>

#include <QApplication>
#include <QClipboard>
#include <QDateTimeEdit>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QUndoStack>
#include <QWebEnginePage>
#include <QtTest>

#include <csignal>
#include <cstdio>

using namespace Meetdown;

namespace {

QVariant runJs(PreviewView *view, const QString &script)
{
    QVariant result;
    bool done = false;
    view->page()->runJavaScript(script, [&](const QVariant &v) {
        result = v;
        done = true;
    });
    QDeadlineTimer deadline(20000);
    while (!done && !deadline.hasExpired())
        QTest::qWait(10);
    return result;
}

QString pageText(PreviewView *view)
{
    return runJs(view, QStringLiteral("document.body ? document.body.innerText : ''")).toString();
}

QString seedPost()
{
    return TestUtil::corpusDir() +
           QStringLiteral("/bangpypers_2021_seed_schema/_posts/2021-03-20-march-meetup.md");
}

} // namespace

class TestMainWindow final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void typingShowsInPreview();
    void formEditChangesExactlyOneLine();
    void corpusPostsSaveUnchanged();
    void previewFollowsEditor();
    void recoveryAfterKilledProcess();
    void dropPhotosOnThePane();
    void dropPhotoOnTheImageField();
    void pasteAnImage();
    void dropAWebImageInsertsItsLink();
    void renameBarAfterTitleChange();
    void keepNameAndRenameOnDemand();
    void renameFailureLosesNothing();
    void saveWithoutChangesWritesNothing();
    void openKeepsATypedDate();
    void renameAfterTheTitleChangedBack();

private:
    QString makeSite();
    QString makeRenameSite(const QByteArray &post, const QString &name);
    void retitle(MainWindow *window, const QString &text);
    QTemporaryDir m_tmp;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    qputenv("MEETDOWN_JOURNAL_DIR", m_tmp.filePath(QStringLiteral("journal")).toUtf8());
}

void TestMainWindow::typingShowsInPreview()
{
    const QString path = m_tmp.filePath(QStringLiteral("typing.md"));
    QVERIFY(QFile::copy(seedPost(), path));
    auto *window = new MainWindow;
    QCOMPARE(window->openFile(path), QString());
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QTRY_VERIFY_WITH_TIMEOUT(
        pageText(window->preview()).contains(QLatin1String("Machine Learning in action")), 30000);
    // The header comes from the front matter, not from the body.
    QVERIFY(pageText(window->preview()).contains(QStringLiteral("Talks – March, 2021")));
    QVERIFY(!pageText(window->preview()).contains(QLatin1String("layout: post")));
    window->editor()->setFocus();
    window->editor()->moveCursor(QTextCursor::End);
    QTest::keyClick(window->editor(), Qt::Key_Return);
    QTest::keyClick(window->editor(), Qt::Key_Return);
    QTest::keyClicks(window->editor(), QStringLiteral("Zebra crossing talk"));
    QTRY_VERIFY_WITH_TIMEOUT(
        pageText(window->preview()).contains(QLatin1String("Zebra crossing talk")), 20000);
    // Liquid runs for the preview as it does for Jekyll: page.* comes from the front matter.
    QTest::keyClick(window->editor(), Qt::Key_Return);
    QTest::keyClick(window->editor(), Qt::Key_Return);
    QTest::keyClicks(window->editor(), QStringLiteral("Recap of {{ page.author }}"));
    QTRY_VERIFY_WITH_TIMEOUT(pageText(window->preview()).contains(QLatin1String("Recap of rahul")),
                             20000);
    QVERIFY(window->document()->isModified());
    QVERIFY(window->isWindowModified());
    QVERIFY(window->save());
    QVERIFY(TestUtil::readAll(path).endsWith("Zebra crossing talk\n\nRecap of {{ page.author }}"));
    window->close();
}

void TestMainWindow::formEditChangesExactlyOneLine()
{
    const QString path = m_tmp.filePath(QStringLiteral("form.md"));
    QVERIFY(QFile::copy(seedPost(), path));
    const QByteArray before = TestUtil::readAll(path);
    auto *window = new MainWindow;
    QCOMPARE(window->openFile(path), QString());
    window->show();
    QLineEdit *title = nullptr;
    for (QLineEdit *edit : window->form()->findChildren<QLineEdit *>()) {
        if (edit->text() == QStringLiteral("Talks – March, 2021"))
            title = edit;
    }
    QVERIFY2(title, "the form shows the title in a line edit");
    title->setFocus();
    title->selectAll();
    QTest::keyClicks(title, QStringLiteral("March talks"));
    QTRY_COMPARE(window->document()->frontMatter().value(QStringLiteral("title")).toString(),
                 QStringLiteral("March talks"));
    QVERIFY(window->save());
    QCOMPARE(TestUtil::changedLineCount(before, TestUtil::readAll(path)), 1);
    QVERIFY(TestUtil::readAll(path).contains("title:  \"March talks\"\n"));
    QTRY_VERIFY_WITH_TIMEOUT(pageText(window->preview()).contains(QLatin1String("March talks")),
                             20000);
    window->close();
}

void TestMainWindow::corpusPostsSaveUnchanged()
{
    auto *window = new MainWindow;
    window->show();
    int n = 0;
    for (const QString &post : TestUtil::corpusPosts()) {
        const QString copy = m_tmp.filePath(QStringLiteral("corpus-%1.md").arg(n++));
        QVERIFY(QFile::copy(post, copy));
        QCOMPARE(window->openFile(copy), QString());
        QVERIFY(!window->document()->isModified());
        QVERIFY(window->save());
        QVERIFY2(TestUtil::readAll(copy) == TestUtil::readAll(post), qPrintable(post));
        QCoreApplication::processEvents();
    }
    QVERIFY(n > 300);
    window->close();
}

void TestMainWindow::previewFollowsEditor()
{
    QByteArray text = "---\ntitle: Long\n---\n";
    for (int i = 1; i <= 300; ++i)
        text += "## Section " + QByteArray::number(i) + "\n\nParagraph " + QByteArray::number(i) +
                " of the report.\n\n";
    const QString path = m_tmp.filePath(QStringLiteral("long.md"));
    TestUtil::writeAll(path, text);
    auto *window = new MainWindow;
    QCOMPARE(window->openFile(path), QString());
    window->resize(1200, 700);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QTRY_VERIFY_WITH_TIMEOUT(pageText(window->preview()).contains(QLatin1String("Section 300")),
                             30000);
    QVERIFY(runJs(window->preview(), QStringLiteral("window.scrollY")).toInt() < 300);
    window->editor()->setFocus();
    window->editor()->goToLine(600);
    QTRY_VERIFY_WITH_TIMEOUT(
        runJs(window->preview(), QStringLiteral("window.scrollY")).toInt() > 1000, 20000);
    // The block at the top of the preview is the one near the editor's line.
    const int topLine =
        runJs(window->preview(),
              QStringLiteral(
                  "(function(){var "
                  "best=0;document.querySelectorAll('[data-source-line]').forEach(function(e){"
                  "if(e.getBoundingClientRect().top<=5)best=+e.getAttribute('data-source-line');});"
                  "return best;})()"))
            .toInt();
    QVERIFY2(topLine > 500 && topLine <= 604, qPrintable(QString::number(topLine)));
    window->close();
}

void TestMainWindow::recoveryAfterKilledProcess()
{
    const QString path = m_tmp.filePath(QStringLiteral("crash.md"));
    QVERIFY(QFile::copy(seedPost(), path));
    const QByteArray onDisk = TestUtil::readAll(path);
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--child"), path});
    QVERIFY(child.waitForStarted());
    QByteArray output;
    QTRY_VERIFY_WITH_TIMEOUT((output += child.readAllStandardOutput()).contains("journaled"),
                             90000);
    ::kill(pid_t(child.processId()), SIGKILL);
    QVERIFY(child.waitForFinished());
    QCOMPARE(TestUtil::readAll(path), onDisk);

    const QList<JournalEntry> orphans = Journal(MainWindow::journalFolder()).orphans();
    QCOMPARE(orphans.size(), 1);
    QCOMPARE(orphans.first().path, QFileInfo(path).absoluteFilePath());
    auto *window = new MainWindow;
    window->recover(orphans.first());
    QVERIFY(window->document()->bodyText().contains(QLatin1String("Words typed before the crash")));
    QVERIFY(window->document()->isModified());
    QCOMPARE(TestUtil::readAll(path), onDisk);
    QVERIFY(window->save());
    QVERIFY(TestUtil::readAll(path).contains("Words typed before the crash"));
    QVERIFY(Journal(MainWindow::journalFolder()).orphans().isEmpty());
    window->close();
}

QString TestMainWindow::makeSite()
{
    static int n = 0;
    const QString root = m_tmp.filePath(QStringLiteral("site%1").arg(++n));
    TestUtil::writeAll(root + QStringLiteral("/_config.yml"), "title: Test\ntimezone: UTC\n");
    TestUtil::writeAll(root + QStringLiteral("/_posts/2021-03-20-march-meetup.md"),
                       TestUtil::readAll(seedPost()));
    return root;
}

void TestMainWindow::dropPhotosOnThePane()
{
    QSettings().setValue(QStringLiteral("photos/askAltText"), false);
    const QString root = makeSite();
    const QString photos = m_tmp.filePath(QStringLiteral("camera"));
    QDir().mkpath(photos);
    QImage big(3000, 2000, QImage::Format_RGB32);
    big.fill(QColor(40, 120, 200));
    QVERIFY(big.save(photos + QStringLiteral("/Talk 1 Janaki.JPG"), "JPEG"));
    QImage small(640, 480, QImage::Format_RGB32);
    small.fill(QColor(200, 80, 40));
    QVERIFY(small.save(photos + QStringLiteral("/crowd.png"), "PNG"));

    auto *window = new MainWindow;
    QCOMPARE(window->openFile(root + QStringLiteral("/_posts/2021-03-20-march-meetup.md")),
             QString());
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    MarkdownEditor *editor = window->editor();
    QTextCursor cursor(editor->document()->findBlockByNumber(2));
    editor->setTextCursor(cursor);
    const QPoint at = editor->cursorRect(cursor).center();
    GuiUtil::drop(editor->viewport(), at,
                  {QUrl::fromLocalFile(photos + QStringLiteral("/Talk 1 Janaki.JPG")),
                   QUrl::fromLocalFile(photos + QStringLiteral("/crowd.png"))});
    const QString folder = QStringLiteral("/assets/images/posts/2021-03-20-march-meetup/");
    const QString expected =
        QStringLiteral("![Talk 1 Janaki](%1talk-1-janaki.jpg)\n![Crowd](%1crowd.png)\n")
            .arg(folder);
    QTRY_VERIFY_WITH_TIMEOUT(window->document()->bodyText().contains(expected), 30000);
    QVERIFY(!window->isImporting());
    const QImage written(root + folder + QStringLiteral("talk-1-janaki.jpg"));
    QCOMPARE(written.width(), 1600);
    QCOMPARE(TestUtil::readAll(root + folder + QStringLiteral("crowd.png")),
             TestUtil::readAll(photos + QStringLiteral("/crowd.png")));
    // The preview shows the photo at once, served from the site folder.
    QTRY_VERIFY_WITH_TIMEOUT(
        runJs(window->preview(),
              QStringLiteral(
                  "(function(){var i=document.querySelector('img[src*=\"talk-1-janaki\"]');return "
                  "i&&i.complete?i.naturalWidth:0;})()"))
                .toInt() == 1600,
        30000);
    // One undo step takes the whole block out again.
    window->document()->undoStack()->undo();
    QVERIFY(!window->document()->bodyText().contains(QLatin1String("talk-1-janaki")));
    window->document()->undoStack()->redo();
    QVERIFY(window->save());
    window->close();
}

void TestMainWindow::dropPhotoOnTheImageField()
{
    QSettings().setValue(QStringLiteral("photos/askAltText"), false);
    const QString root = makeSite();
    const QString photo = m_tmp.filePath(QStringLiteral("featured.jpg"));
    QImage image(1200, 800, QImage::Format_RGB32);
    image.fill(QColor(10, 160, 90));
    QVERIFY(image.save(photo, "JPEG"));
    auto *window = new MainWindow;
    QCOMPARE(window->openFile(root + QStringLiteral("/_posts/2021-03-20-march-meetup.md")),
             QString());
    window->show();
    QWidget *field = window->form()->findChild<QWidget *>(QStringLiteral("field_image"));
    QVERIFY(field);
    QWidget *target = field;
    if (auto *line = qobject_cast<QLineEdit *>(field))
        target = line;
    GuiUtil::drop(target, target->rect().center(), {QUrl::fromLocalFile(photo)});
    const QString link =
        QStringLiteral("/assets/images/posts/2021-03-20-march-meetup/featured.jpg");
    QTRY_COMPARE_WITH_TIMEOUT(
        window->document()->frontMatter().value(QStringLiteral("image")).toString(), link, 30000);
    QVERIFY(QFileInfo::exists(root + link));
    QVERIFY(window->save());
    const QByteArray saved =
        TestUtil::readAll(root + QStringLiteral("/_posts/2021-03-20-march-meetup.md"));
    QVERIFY(saved.contains("\nimage: " + link.toUtf8() + "\n"));
    QCOMPARE(TestUtil::changedLineCount(TestUtil::readAll(seedPost()), saved), 1);
    window->close();
}

void TestMainWindow::pasteAnImage()
{
    QSettings().setValue(QStringLiteral("photos/askAltText"), false);
    const QString root = makeSite();
    auto *window = new MainWindow;
    QCOMPARE(window->openFile(root + QStringLiteral("/_posts/2021-03-20-march-meetup.md")),
             QString());
    window->show();
    QImage image(300, 200, QImage::Format_RGB32);
    image.fill(Qt::darkMagenta);
    auto *mime = new QMimeData;
    mime->setImageData(image);
    QApplication::clipboard()->setMimeData(mime);
    window->editor()->moveCursor(QTextCursor::End);
    window->editor()->paste();
    QTRY_VERIFY_WITH_TIMEOUT(window->document()->bodyText().contains(QLatin1String(
                                 "(/assets/images/posts/2021-03-20-march-meetup/pasted-image-")),
                             30000);
    const QDir folder(root + QStringLiteral("/assets/images/posts/2021-03-20-march-meetup"));
    QCOMPARE(folder.entryList({QStringLiteral("pasted-image-*.png")}).size(), 1);
    QVERIFY(window->save());
    window->close();
}

void TestMainWindow::dropAWebImageInsertsItsLink()
{
    const QString root = makeSite();
    auto *window = new MainWindow;
    QCOMPARE(window->openFile(root + QStringLiteral("/_posts/2021-03-20-march-meetup.md")),
             QString());
    window->show();
    const QString before = window->document()->bodyText();
    const QTextCursor cursor(window->editor()->document()->findBlockByNumber(0));
    window->editor()->setTextCursor(cursor);
    GuiUtil::drop(window->editor()->viewport(), window->editor()->cursorRect(cursor).center(),
                  {QUrl(QStringLiteral("https://example.org/photos/group-photo.jpg"))});
    QTRY_VERIFY(window->document()->bodyText().contains(
        QLatin1String("![group photo](https://example.org/photos/group-photo.jpg)\n")));
    // Nothing is downloaded: the site has no new files.
    QVERIFY(!QFileInfo::exists(root + QStringLiteral("/assets")));
    window->document()->undoStack()->undo();
    QCOMPARE(window->document()->bodyText(), before);
    window->close();
}

QString TestMainWindow::makeRenameSite(const QByteArray &post, const QString &name)
{
    const QString root = makeSite();
    TestUtil::writeAll(root + QStringLiteral("/_posts/") + name, post);
    QImage stage(320, 200, QImage::Format_RGB32);
    stage.fill(QColor(30, 90, 160));
    const QString folder =
        root + QStringLiteral("/assets/images/posts/") + QFileInfo(name).completeBaseName();
    QDir().mkpath(folder);
    stage.save(folder + QStringLiteral("/stage.png"), "PNG");
    return root;
}

void TestMainWindow::retitle(MainWindow *window, const QString &text)
{
    auto *title = window->form()->findChild<QLineEdit *>(QStringLiteral("field_title"));
    QVERIFY(title);
    title->setFocus();
    title->selectAll();
    QTest::keyClicks(title, text);
    QTRY_COMPARE(window->document()->frontMatter().value(QStringLiteral("title")).toString(), text);
}

void TestMainWindow::renameBarAfterTitleChange()
{
    const QString root =
        makeRenameSite("---\nlayout: post\ntitle: Old title\ndate: 2021-03-20 18:00:00 +0000\n---\n"
                       "Talks.\n\n![Stage](/assets/images/posts/2021-03-20-old-title/stage.png)\n",
                       QStringLiteral("2021-03-20-old-title.md"));
    const QString oldPath = root + QStringLiteral("/_posts/2021-03-20-old-title.md");
    const QString newPath = root + QStringLiteral("/_posts/2021-03-20-new-title.md");
    auto *window = new MainWindow;
    QCOMPARE(window->openFile(oldPath), QString());
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QVERIFY(!window->renameBar()->isVisible());
    // A save with the same title offers nothing.
    QVERIFY(window->save());
    QVERIFY(!window->renameBar()->isVisible());

    retitle(window, QStringLiteral("New title"));
    QVERIFY(!window->renameBar()->isVisible());
    QVERIFY(window->save());
    QVERIFY(window->renameBar()->isVisible());
    auto *label = window->renameBar()->findChild<QLabel *>(QStringLiteral("renameLabel"));
    QVERIFY(label);
    QVERIFY2(label->text().contains(QLatin1String("The title changed.")),
             qPrintable(label->text()));
    QVERIFY2(label->text().contains(QLatin1String("2021-03-20-new-title.md")),
             qPrintable(label->text()));
    // The bar sits above the editor.
    QVERIFY(window->renameBar()->mapTo(window, QPoint(0, 0)).y() <
            window->editor()->mapTo(window, QPoint(0, 0)).y());
    const QString shot = qEnvironmentVariable("MEETDOWN_SCREENSHOT_DIR");
    if (!shot.isEmpty())
        window->grab().save(shot + QStringLiteral("/rename-bar.png"));
    // Saved under the old name: the rename is offered, not done.
    QVERIFY(TestUtil::readAll(oldPath).contains("New title"));
    QVERIFY(!QFileInfo::exists(newPath));

    // Unsaved typing is saved first, then the file moves.
    window->editor()->moveCursor(QTextCursor::End);
    QTest::keyClicks(window->editor(), QStringLiteral("Typed before the rename."));
    auto *rename = window->renameBar()->findChild<QPushButton *>(QStringLiteral("renameButton"));
    QVERIFY(rename);
    QTest::mouseClick(rename, Qt::LeftButton);
    QCOMPARE(window->document()->path(), newPath);
    QVERIFY(!window->document()->isModified());
    QVERIFY(!QFileInfo::exists(oldPath));
    QVERIFY(TestUtil::readAll(newPath).contains("Typed before the rename."));
    QVERIFY(QFileInfo::exists(
        root + QStringLiteral("/assets/images/posts/2021-03-20-new-title/stage.png")));
    QVERIFY(!QFileInfo::exists(root + QStringLiteral("/assets/images/posts/2021-03-20-old-title")));
    QVERIFY(window->document()->bodyText().contains(
        QLatin1String("(/assets/images/posts/2021-03-20-new-title/stage.png)")));
    QVERIFY(!window->renameBar()->isVisible());
    QVERIFY(window->windowTitle().startsWith(QLatin1String("2021-03-20-new-title.md")));
    QCOMPARE(window->windowFilePath(), newPath);
    const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    QCOMPARE(recent.value(0), newPath);
    QVERIFY(!recent.contains(oldPath));
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            bool found = false;
            for (const SiteEntry &e : window->siteBrowser()->visibleEntries()) {
                if (e.path == oldPath)
                    return false;
                found = found || e.path == newPath;
            }
            return found;
        }(),
        10000);
    // The preview finds the photo in its new place.
    QTRY_VERIFY_WITH_TIMEOUT(
        runJs(
            window->preview(),
            QStringLiteral("(function(){var i=document.querySelector('img[src*=\"stage\"]');return "
                           "i&&i.complete?i.naturalWidth:0;})()"))
                .toInt() == 320,
        30000);

    // Saving again writes the new file, and the journal names it too.
    window->editor()->moveCursor(QTextCursor::End);
    QTest::keyClicks(window->editor(), QStringLiteral(" And after."));
    window->writeJournal();
    QVERIFY(TestUtil::readAll(MainWindow::journalFolder() + QLatin1Char('/') + window->journalId() +
                              QStringLiteral(".json"))
                .contains(newPath.toUtf8()));
    QVERIFY(window->save());
    QVERIFY(TestUtil::readAll(newPath).contains("Typed before the rename. And after."));
    QVERIFY(!QFileInfo::exists(oldPath));
    QVERIFY(!window->renameBar()->isVisible());
    window->close();
}

void TestMainWindow::keepNameAndRenameOnDemand()
{
    const QString root = makeRenameSite("---\ntitle: August report\ndate: 2021-03-20\n---\nText.\n",
                                        QStringLiteral("2021-03-20-august-meetup.md"));
    const QString path = root + QStringLiteral("/_posts/2021-03-20-august-meetup.md");
    auto *window = new MainWindow;
    QCOMPARE(window->openFile(path), QString());
    window->show();
    retitle(window, QStringLiteral("Other title"));
    QVERIFY(window->save());
    QVERIFY(window->renameBar()->isVisible());
    QTest::mouseClick(
        window->renameBar()->findChild<QPushButton *>(QStringLiteral("keepNameButton")),
        Qt::LeftButton);
    QVERIFY(!window->renameBar()->isVisible());
    // Kept: other saves do not ask again...
    window->editor()->moveCursor(QTextCursor::End);
    QTest::keyClicks(window->editor(), QStringLiteral("More."));
    QVERIFY(window->save());
    QVERIFY(!window->renameBar()->isVisible());
    // ... until the title changes again.
    retitle(window, QStringLiteral("Third title"));
    QVERIFY(window->save());
    QVERIFY(window->renameBar()->isVisible());
    QTest::mouseClick(
        window->renameBar()->findChild<QPushButton *>(QStringLiteral("keepNameButton")),
        Qt::LeftButton);
    QVERIFY(QFileInfo::exists(path));

    // File > Rename to Match Title… offers it again on demand.
    QAction *action = nullptr;
    for (QAction *a : window->menuBar()->findChildren<QAction *>()) {
        if (a->text() == QStringLiteral("&Rename to Match Title…"))
            action = a;
    }
    QVERIFY(action);
    QVERIFY(action->isEnabled());
    action->trigger();
    QVERIFY(window->renameBar()->isVisible());
    QVERIFY(window->renameBar()
                ->findChild<QLabel *>(QStringLiteral("renameLabel"))
                ->text()
                .contains(QLatin1String("2021-03-20-third-title.md")));
    QTest::mouseClick(window->renameBar()->findChild<QPushButton *>(QStringLiteral("renameButton")),
                      Qt::LeftButton);
    const QString newPath = root + QStringLiteral("/_posts/2021-03-20-third-title.md");
    QCOMPARE(window->document()->path(), newPath);
    QVERIFY(QFileInfo::exists(newPath));
    QVERIFY(!QFileInfo::exists(path));
    QVERIFY(QFileInfo::exists(
        root + QStringLiteral("/assets/images/posts/2021-03-20-third-title/stage.png")));
    // Now it matches: the action says so and shows no bar.
    action->trigger();
    QVERIFY(!window->renameBar()->isVisible());
    window->close();
}

void TestMainWindow::renameFailureLosesNothing()
{
    const QByteArray post = "---\ntitle: Old title\ndate: 2021-03-20\n---\nText.\n";
    const QString root = makeRenameSite(post, QStringLiteral("2021-03-20-old-title.md"));
    const QString path = root + QStringLiteral("/_posts/2021-03-20-old-title.md");
    // The new name is free, but a folder of photos already has the new folder's name.
    const QString taken =
        root + QStringLiteral("/assets/images/posts/2021-03-20-new-title/someone-else.png");
    TestUtil::writeAll(taken, "someone else's photo\n");
    auto *window = new MainWindow;
    QCOMPARE(window->openFile(path), QString());
    window->show();
    retitle(window, QStringLiteral("New title"));
    QVERIFY(window->save());
    QVERIFY(window->renameBar()->isVisible());
    QString message;
    QTimer closer;
    connect(&closer, &QTimer::timeout, this, [&] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            message = box->text();
            box->accept();
        }
    });
    closer.start(50);
    QTest::mouseClick(window->renameBar()->findChild<QPushButton *>(QStringLiteral("renameButton")),
                      Qt::LeftButton);
    closer.stop();
    QVERIFY2(message.contains(QLatin1String("already exists")), qPrintable(message));
    QCOMPARE(window->document()->path(), path);
    QCOMPARE(TestUtil::readAll(taken), QByteArray("someone else's photo\n"));
    QVERIFY(!QFileInfo::exists(root + QStringLiteral("/_posts/2021-03-20-new-title.md")));
    QVERIFY(TestUtil::readAll(path).contains("New title"));
    QVERIFY(QFileInfo::exists(
        root + QStringLiteral("/assets/images/posts/2021-03-20-old-title/stage.png")));
    QVERIFY(window->renameBar()->isVisible());
    window->close();
}

// Ctrl+S on a post nobody changed writes nothing (the file keeps its time), and says so.
void TestMainWindow::saveWithoutChangesWritesNothing()
{
    const QString path = m_tmp.filePath(QStringLiteral("unchanged.md"));
    QVERIFY(QFile::copy(seedPost(), path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    const QDateTime past(QDate(2020, 1, 1), QTime(12, 0), QTimeZone::utc());
    QVERIFY(file.setFileTime(past, QFileDevice::FileModificationTime));
    file.close();
    auto *window = new MainWindow;
    QCOMPARE(window->openFile(path), QString());
    window->show();
    QVERIFY(window->save());
    QCOMPARE(QFileInfo(path).lastModified().toUTC(), past);
    QVERIFY(window->statusBar()->currentMessage().contains(QLatin1String("No changes")));
    window->close();
}

// A date typed into a new, untouched report and not applied yet is the user's: File > Open does
// not reuse that window for another post, and the date is kept.
void TestMainWindow::openKeepsATypedDate()
{
    const QString path = m_tmp.filePath(QStringLiteral("other.md"));
    QVERIFY(QFile::copy(seedPost(), path));
    auto *window = new MainWindow;
    window->newReport();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QVERIFY(!window->document()->isModified());
    auto *date = window->form()->findChild<QDateTimeEdit *>(QStringLiteral("field_date"));
    QVERIFY(date);
    date->setFocus();
    QTest::keyClick(date, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(date, QStringLiteral("2030-01-02 18:30"));
    auto *typed = window->form()->findChild<QLineEdit *>(QStringLiteral("field_date_typed"));
    QVERIFY(typed && typed->isVisible());
    {
        GuiUtil::DialogAnswerer answerer(path);
        QVERIFY(GuiUtil::menuAction(window, QStringLiteral("&Open…")));
        GuiUtil::menuAction(window, QStringLiteral("&Open…"))->trigger();
    }
    QVERIFY(window->document()->isUntitled());
    QVERIFY(window->document()->isModified());
    QVERIFY2(window->document()->bytes().contains("date: 2030-01-02 18:30:00"),
             window->document()->bytes().constData());
    QList<QPointer<MainWindow>> windows;
    for (QWidget *w : QApplication::topLevelWidgets()) {
        if (auto *main = qobject_cast<MainWindow *>(w); main && main->isVisible())
            windows.append(main);
    }
    QCOMPARE(windows.size(), 2);
    for (const QPointer<MainWindow> &w : windows) {
        if (w) {
            w->setAttribute(Qt::WA_DeleteOnClose, false);
            w->hide();
            delete w.data();
        }
    }
}

// The bar offered a name for an earlier save; the title changed again before the click. The
// click saves first, and the name must come from what it saved, never from the old offer.
void TestMainWindow::renameAfterTheTitleChangedBack()
{
    const QString root = makeRenameSite(
        "---\nlayout: post\ntitle: Old title\ndate: 2021-03-20 18:00:00 +0000\n---\nTalks.\n",
        QStringLiteral("2021-03-20-old-title.md"));
    const QString oldPath = root + QStringLiteral("/_posts/2021-03-20-old-title.md");
    auto *window = new MainWindow;
    QCOMPARE(window->openFile(oldPath), QString());
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    auto *label = window->renameBar()->findChild<QLabel *>(QStringLiteral("renameLabel"));
    auto *rename = window->renameBar()->findChild<QPushButton *>(QStringLiteral("renameButton"));
    retitle(window, QStringLiteral("New title"));
    QVERIFY(window->save());
    QVERIFY(window->renameBar()->isVisible());

    // Back to the old title, unsaved: the name matches again, so nothing is renamed.
    retitle(window, QStringLiteral("Old title"));
    QTest::mouseClick(rename, Qt::LeftButton);
    QCOMPARE(window->document()->path(), oldPath);
    QVERIFY(!QFileInfo::exists(root + QStringLiteral("/_posts/2021-03-20-new-title.md")));
    QVERIFY(TestUtil::readAll(oldPath).contains("title: Old title"));
    QVERIFY(!window->renameBar()->isVisible());
    QVERIFY(QFileInfo::exists(
        root + QStringLiteral("/assets/images/posts/2021-03-20-old-title/stage.png")));

    // A third title, unsaved: the click offers that name instead of doing the old one.
    retitle(window, QStringLiteral("New title"));
    QVERIFY(window->save());
    QVERIFY(window->renameBar()->isVisible());
    retitle(window, QStringLiteral("Third title"));
    QTest::mouseClick(rename, Qt::LeftButton);
    QCOMPARE(window->document()->path(), oldPath);
    QVERIFY(!QFileInfo::exists(root + QStringLiteral("/_posts/2021-03-20-new-title.md")));
    QVERIFY(window->renameBar()->isVisible());
    QVERIFY2(label->text().contains(QLatin1String("2021-03-20-third-title.md")),
             qPrintable(label->text()));
    QTest::mouseClick(rename, Qt::LeftButton);
    const QString newPath = root + QStringLiteral("/_posts/2021-03-20-third-title.md");
    QCOMPARE(window->document()->path(), newPath);
    QVERIFY(TestUtil::readAll(newPath).contains("title: Third title"));
    QVERIFY(QFileInfo::exists(
        root + QStringLiteral("/assets/images/posts/2021-03-20-third-title/stage.png")));
    window->close();
}

int main(int argc, char **argv)
{
    PreviewView::registerUrlScheme();
    if (argc == 3 && qstrcmp(argv[1], "--child") == 0) {
        // The process the recovery test kills: it types into a post and journals the edit.
        QApplication app(argc, argv);
        auto *window = new MainWindow;
        if (!window->openFile(QString::fromLocal8Bit(argv[2])).isEmpty())
            return 2;
        window->show();
        window->editor()->moveCursor(QTextCursor::End);
        QTest::keyClick(window->editor(), Qt::Key_Return);
        QTest::keyClicks(window->editor(), QStringLiteral("Words typed before the crash"));
        window->writeJournal();
        std::printf("journaled\n");
        std::fflush(stdout);
        return app.exec();
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("meetdown-test"));
    QStandardPaths::setTestModeEnabled(true);
    TestMainWindow test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_mainwindow.moc"
