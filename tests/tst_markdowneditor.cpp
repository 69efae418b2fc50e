#include "editor/findbar.h"
#include "editor/markdowneditor.h"
#include "editor/markdownhighlighter.h"

#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>
#include <QToolButton>
#include <QVBoxLayout>

#include <memory>

using Meetdown::FindBar;
using Meetdown::MarkdownEditor;
using Meetdown::MarkdownHighlighter;
using Role = Meetdown::MarkdownHighlighter::Role;

namespace {

// A window like the application's: the editor with the find bar under it, shown and active so
// that shortcuts and focus behave as they do for a user.
struct Window
{
    QMainWindow window;
    MarkdownEditor *editor = nullptr;
    FindBar *findBar = nullptr;

    Window()
    {
        auto *central = new QWidget(&window);
        auto *layout = new QVBoxLayout(central);
        layout->setContentsMargins(0, 0, 0, 0);
        editor = new MarkdownEditor(central);
        findBar = new FindBar(central);
        findBar->setEditor(editor);
        findBar->hide();
        layout->addWidget(editor);
        layout->addWidget(findBar);
        window.setCentralWidget(central);
        window.resize(640, 420);
    }

    bool show()
    {
        window.show();
        QApplication::setActiveWindow(&window);
        if (!QTest::qWaitForWindowActive(&window))
            return false;
        editor->setFocus();
        return editor->hasFocus();
    }
};

void select(QPlainTextEdit *editor, int from, int to)
{
    QTextCursor cursor = editor->textCursor();
    cursor.setPosition(from);
    cursor.setPosition(to, QTextCursor::KeepAnchor);
    editor->setTextCursor(cursor);
}

void selectText(QPlainTextEdit *editor, const QString &text)
{
    const int at = int(editor->toPlainText().indexOf(text));
    QVERIFY2(at >= 0, qPrintable(text));
    select(editor, at, at + int(text.size()));
}

void placeCursor(QPlainTextEdit *editor, int position)
{
    select(editor, position, position);
}

void placeCursorAtEnd(QPlainTextEdit *editor)
{
    placeCursor(editor, int(editor->toPlainText().size()));
}

// The format the highlighter gave the character at `position` of the document.
QTextCharFormat formatAt(const QTextDocument *document, int position)
{
    const QTextBlock block = document->findBlock(position);
    const int inBlock = position - block.position();
    QTextCharFormat found;
    for (const QTextLayout::FormatRange &range : block.layout()->formats()) {
        if (inBlock >= range.start && inBlock < range.start + range.length)
            found = range.format;
    }
    return found;
}

QTextCharFormat formatOf(const QTextDocument *document, const QString &text, int offset = 0)
{
    const int at = int(document->toPlainText().indexOf(text));
    if (at < 0)
        qFatal("no %s in the document", qPrintable(text));
    return formatAt(document, at + offset);
}

QColor colourOf(MarkdownHighlighter *highlighter, Role role)
{
    return highlighter->format(role).foreground().color();
}

QString sampleDocument(int bytes)
{
    const QString section = QStringLiteral(
        "## The March meetup\n\n"
        "We met at the **usual place** with *pizza* and [slides](https://example.com/s).\n"
        "A second line of the same paragraph, with `inline code` in it.\n\n"
        "- first point\n- second point\n  continued\n\n"
        "```cpp\nint main() { return 0; }\n```\n\n"
        "> A quote from someone\n\n"
        "<!-- a note\nover lines -->\n\n");
    QString text;
    while (text.size() < bytes)
        text += section;
    return text;
}

} // namespace

class TestMarkdownEditor final : public QObject
{
    Q_OBJECT

private slots:
    void boldWrapsAndUnwraps();
    void italicWrapsAndUnwraps();
    void emphasisWithoutSelection();
    void emphasisIsOneUndoStep();
    void linkFromText();
    void linkFromUrl();
    void linkWithoutSelection();
    void listContinues_data();
    void listContinues();
    void emptyItemEndsList();
    void emptyQuoteLineEndsQuote();
    void enterInsideFenceAddsNoMarker();
    void tabNestsListItem();
    void undoKeysReachWindowAction();
    void plainEditorKeepsUndoKeys();
    void contextMenuRoutesUndo();
    void goToLineCentres();
    void topLineFollowsScrolling();
    void zoomKeysAndWheel();
    void highlightsConstructs();
    void highlightsBlockStates();
    void setextHeadingFollowsUnderline();
    void coloursFollowPalette();
    void keystrokeRehighlightsLittle();
    void findCountsAndNavigates();
    void findOptions();
    void findOpensWithSelection();
    void replaceOneAndAll();
    void replaceAllIsOneUndoStep();
    void regexReplaceUsesGroups();
    void invalidRegexIsReported();
    void escapeClosesFindBar();
    void followsSwappedDocument();
};

void TestMarkdownEditor::boldWrapsAndUnwraps()
{
    MarkdownEditor editor;
    editor.setPlainText(QStringLiteral("hello world"));
    selectText(&editor, QStringLiteral("world"));
    QTest::keyClick(&editor, Qt::Key_B, Qt::ControlModifier);
    QCOMPARE(editor.toPlainText(), QStringLiteral("hello **world**"));
    QCOMPARE(editor.textCursor().selectedText(), QStringLiteral("world"));

    QTest::keyClick(&editor, Qt::Key_B, Qt::ControlModifier);
    QCOMPARE(editor.toPlainText(), QStringLiteral("hello world"));
    QCOMPARE(editor.textCursor().selectedText(), QStringLiteral("world"));

    // Selected with its markers, the same key takes them off.
    editor.setPlainText(QStringLiteral("a **b c** d"));
    selectText(&editor, QStringLiteral("**b c**"));
    QTest::keyClick(&editor, Qt::Key_B, Qt::ControlModifier);
    QCOMPARE(editor.toPlainText(), QStringLiteral("a b c d"));
    QCOMPARE(editor.textCursor().selectedText(), QStringLiteral("b c"));

    // Blanks at the ends of the selection stay outside: `**word **` would be no emphasis.
    editor.setPlainText(QStringLiteral("one two"));
    selectText(&editor, QStringLiteral("one "));
    QTest::keyClick(&editor, Qt::Key_B, Qt::ControlModifier);
    QCOMPARE(editor.toPlainText(), QStringLiteral("**one** two"));
}

void TestMarkdownEditor::italicWrapsAndUnwraps()
{
    MarkdownEditor editor;
    editor.setPlainText(QStringLiteral("say hi"));
    selectText(&editor, QStringLiteral("hi"));
    QTest::keyClick(&editor, Qt::Key_I, Qt::ControlModifier);
    QCOMPARE(editor.toPlainText(), QStringLiteral("say *hi*"));
    QTest::keyClick(&editor, Qt::Key_I, Qt::ControlModifier);
    QCOMPARE(editor.toPlainText(), QStringLiteral("say hi"));

    // Bold text is not italic: Ctrl+I adds to it, and takes only its own marker away.
    editor.setPlainText(QStringLiteral("**word**"));
    selectText(&editor, QStringLiteral("word"));
    QTest::keyClick(&editor, Qt::Key_I, Qt::ControlModifier);
    QCOMPARE(editor.toPlainText(), QStringLiteral("***word***"));
    QCOMPARE(editor.textCursor().selectedText(), QStringLiteral("word"));
    QTest::keyClick(&editor, Qt::Key_I, Qt::ControlModifier);
    QCOMPARE(editor.toPlainText(), QStringLiteral("**word**"));
    QTest::keyClick(&editor, Qt::Key_B, Qt::ControlModifier);
    QCOMPARE(editor.toPlainText(), QStringLiteral("word"));
}

void TestMarkdownEditor::emphasisWithoutSelection()
{
    MarkdownEditor editor;
    editor.setPlainText(QStringLiteral("a  b"));
    placeCursor(&editor, 2);
    QTest::keyClick(&editor, Qt::Key_B, Qt::ControlModifier);
    QCOMPARE(editor.toPlainText(), QStringLiteral("a **** b"));
    QCOMPARE(editor.textCursor().position(), 4);
    QTest::keyClicks(&editor, QStringLiteral("x"));
    QCOMPARE(editor.toPlainText(), QStringLiteral("a **x** b"));

    // In an empty pair, the key takes the pair away again.
    editor.setPlainText(QString());
    QTest::keyClick(&editor, Qt::Key_I, Qt::ControlModifier);
    QCOMPARE(editor.toPlainText(), QStringLiteral("**"));
    QCOMPARE(editor.textCursor().position(), 1);
    QTest::keyClick(&editor, Qt::Key_I, Qt::ControlModifier);
    QCOMPARE(editor.toPlainText(), QString());
}

void TestMarkdownEditor::emphasisIsOneUndoStep()
{
    MarkdownEditor editor;
    editor.setPlainText(QStringLiteral("hello world"));
    selectText(&editor, QStringLiteral("world"));
    QTest::keyClick(&editor, Qt::Key_B, Qt::ControlModifier);
    QCOMPARE(editor.toPlainText(), QStringLiteral("hello **world**"));
    editor.document()->undo();
    QCOMPARE(editor.toPlainText(), QStringLiteral("hello world"));
}

void TestMarkdownEditor::linkFromText()
{
    MarkdownEditor editor;
    editor.setPlainText(QStringLiteral("Read the docs today"));
    selectText(&editor, QStringLiteral("the docs"));
    QTest::keyClick(&editor, Qt::Key_K, Qt::ControlModifier);
    QCOMPARE(editor.toPlainText(), QStringLiteral("Read [the docs](url) today"));
    QCOMPARE(editor.textCursor().selectedText(), QStringLiteral("url"));
    // Typing replaces the placeholder.
    QTest::keyClicks(&editor, QStringLiteral("https://qt.io"));
    QCOMPARE(editor.toPlainText(), QStringLiteral("Read [the docs](https://qt.io) today"));
}

void TestMarkdownEditor::linkFromUrl()
{
    MarkdownEditor editor;
    editor.setPlainText(QStringLiteral("See https://example.com/a?b=1 now"));
    selectText(&editor, QStringLiteral("https://example.com/a?b=1"));
    QTest::keyClick(&editor, Qt::Key_K, Qt::ControlModifier);
    QCOMPARE(editor.toPlainText(), QStringLiteral("See [](https://example.com/a?b=1) now"));
    QVERIFY(!editor.textCursor().hasSelection());
    QCOMPARE(editor.textCursor().position(), 5); // between the brackets
    QTest::keyClicks(&editor, QStringLiteral("here"));
    QCOMPARE(editor.toPlainText(), QStringLiteral("See [here](https://example.com/a?b=1) now"));
}

void TestMarkdownEditor::linkWithoutSelection()
{
    MarkdownEditor editor;
    editor.setPlainText(QStringLiteral("x "));
    placeCursorAtEnd(&editor);
    QTest::keyClick(&editor, Qt::Key_K, Qt::ControlModifier);
    QCOMPARE(editor.toPlainText(), QStringLiteral("x [](https://)"));
    QCOMPARE(editor.textCursor().position(), 3);
}

void TestMarkdownEditor::listContinues_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("expected");

    QTest::newRow("dash") << QStringLiteral("- first") << QStringLiteral("- first\n- ");
    QTest::newRow("star") << QStringLiteral("* first") << QStringLiteral("* first\n* ");
    QTest::newRow("plus") << QStringLiteral("+ first") << QStringLiteral("+ first\n+ ");
    QTest::newRow("numbered") << QStringLiteral("1. one") << QStringLiteral("1. one\n2. ");
    QTest::newRow("numbered paren") << QStringLiteral("9) nine") << QStringLiteral("9) nine\n10) ");
    QTest::newRow("zero padded") << QStringLiteral("07. x") << QStringLiteral("07. x\n08. ");
    QTest::newRow("task") << QStringLiteral("- [x] done") << QStringLiteral("- [x] done\n- [ ] ");
    QTest::newRow("nested keeps indentation")
        << QStringLiteral("  * nested") << QStringLiteral("  * nested\n  * ");
    QTest::newRow("quote") << QStringLiteral("> quoted") << QStringLiteral("> quoted\n> ");
    QTest::newRow("nested quote") << QStringLiteral("> > deep") << QStringLiteral("> > deep\n> > ");
    QTest::newRow("list in quote")
        << QStringLiteral("> - item") << QStringLiteral("> - item\n> - ");
    QTest::newRow("wide spacing") << QStringLiteral("1.  wide") << QStringLiteral("1.  wide\n2.  ");
    QTest::newRow("indented paragraph keeps indentation")
        << QStringLiteral("   text") << QStringLiteral("   text\n   ");
    QTest::newRow("plain line") << QStringLiteral("plain") << QStringLiteral("plain\n");
    QTest::newRow("rule is no list") << QStringLiteral("* * *") << QStringLiteral("* * *\n");
    QTest::newRow("emphasis is no list") << QStringLiteral("*it*") << QStringLiteral("*it*\n");
}

void TestMarkdownEditor::listContinues()
{
    QFETCH(QString, line);
    QFETCH(QString, expected);
    MarkdownEditor editor;
    QTest::keyClicks(&editor, line);
    QCOMPARE(editor.toPlainText(), line);
    QTest::keyClick(&editor, Qt::Key_Return);
    QCOMPARE(editor.toPlainText(), expected);
    QCOMPARE(editor.textCursor().position(), int(expected.size()));
}

void TestMarkdownEditor::emptyItemEndsList()
{
    MarkdownEditor editor;
    QTest::keyClicks(&editor, QStringLiteral("1. one"));
    QTest::keyClick(&editor, Qt::Key_Return);
    QTest::keyClicks(&editor, QStringLiteral("two"));
    QTest::keyClick(&editor, Qt::Key_Return);
    QCOMPARE(editor.toPlainText(), QStringLiteral("1. one\n2. two\n3. "));
    QTest::keyClick(&editor, Qt::Key_Return);
    QCOMPARE(editor.toPlainText(), QStringLiteral("1. one\n2. two\n"));
    QTest::keyClicks(&editor, QStringLiteral("After"));
    QCOMPARE(editor.toPlainText(), QStringLiteral("1. one\n2. two\nAfter"));

    // Text after the cursor moves into the new item.
    editor.setPlainText(QStringLiteral("- ab"));
    placeCursor(&editor, 3);
    QTest::keyClick(&editor, Qt::Key_Return);
    QCOMPARE(editor.toPlainText(), QStringLiteral("- a\n- b"));
    // With the cursor in the marker, Enter is a plain line break.
    placeCursor(&editor, 0);
    QTest::keyClick(&editor, Qt::Key_Return);
    QCOMPARE(editor.toPlainText(), QStringLiteral("\n- a\n- b"));
}

void TestMarkdownEditor::emptyQuoteLineEndsQuote()
{
    MarkdownEditor editor;
    QTest::keyClicks(&editor, QStringLiteral("> > deep"));
    QTest::keyClick(&editor, Qt::Key_Return);
    QCOMPARE(editor.toPlainText(), QStringLiteral("> > deep\n> > "));
    QTest::keyClick(&editor, Qt::Key_Return);
    QCOMPARE(editor.toPlainText(), QStringLiteral("> > deep\n> "));
    QTest::keyClick(&editor, Qt::Key_Return);
    QCOMPARE(editor.toPlainText(), QStringLiteral("> > deep\n"));

    // An empty item in a quote leaves the quote open.
    editor.setPlainText(QStringLiteral("> - "));
    placeCursorAtEnd(&editor);
    QTest::keyClick(&editor, Qt::Key_Return);
    QCOMPARE(editor.toPlainText(), QStringLiteral("> "));
}

void TestMarkdownEditor::enterInsideFenceAddsNoMarker()
{
    MarkdownEditor editor;
    editor.setPlainText(QStringLiteral("```\n- not a list\n```"));
    QCoreApplication::processEvents();
    placeCursor(&editor, int(QStringLiteral("```\n- not a list").size()));
    QTest::keyClick(&editor, Qt::Key_Return);
    QCOMPARE(editor.toPlainText(), QStringLiteral("```\n- not a list\n\n```"));
}

void TestMarkdownEditor::tabNestsListItem()
{
    MarkdownEditor editor;
    editor.setPlainText(QStringLiteral("- a\n- b"));
    placeCursorAtEnd(&editor);
    QTest::keyClick(&editor, Qt::Key_Tab);
    QCOMPARE(editor.toPlainText(), QStringLiteral("- a\n  - b"));
    QTest::keyClick(&editor, Qt::Key_Backtab, Qt::ShiftModifier);
    QCOMPARE(editor.toPlainText(), QStringLiteral("- a\n- b"));

    // Under a numbered item the child goes where the parent's text starts.
    editor.setPlainText(QStringLiteral("10. a\n- b"));
    placeCursorAtEnd(&editor);
    QTest::keyClick(&editor, Qt::Key_Tab);
    QCOMPARE(editor.toPlainText(), QStringLiteral("10. a\n    - b"));

    // Elsewhere Tab is a tab, as typed, and Shift+Tab takes an indentation back.
    editor.setPlainText(QStringLiteral("text"));
    placeCursorAtEnd(&editor);
    QTest::keyClick(&editor, Qt::Key_Tab);
    QCOMPARE(editor.toPlainText(), QStringLiteral("text\t"));
    editor.setPlainText(QStringLiteral("      text"));
    QTest::keyClick(&editor, Qt::Key_Backtab, Qt::ShiftModifier);
    QCOMPARE(editor.toPlainText(), QStringLiteral("  text"));

    // With several lines selected, each list item moves by its own rule.
    editor.setPlainText(QStringLiteral("- a\n- b\n- c"));
    select(&editor, 5, int(editor.toPlainText().size()));
    QTest::keyClick(&editor, Qt::Key_Tab);
    QCOMPARE(editor.toPlainText(), QStringLiteral("- a\n  - b\n  - c"));
    QTest::keyClick(&editor, Qt::Key_Backtab, Qt::ShiftModifier);
    QCOMPARE(editor.toPlainText(), QStringLiteral("- a\n- b\n- c"));
}

void TestMarkdownEditor::undoKeysReachWindowAction()
{
    Window w;
    auto *undo = new QAction(QStringLiteral("Undo"), &w.window);
    undo->setShortcut(QKeySequence::Undo);
    auto *redo = new QAction(QStringLiteral("Redo"), &w.window);
    redo->setShortcut(QKeySequence::Redo);
    w.window.addAction(undo);
    w.window.addAction(redo);
    QSignalSpy undone(undo, &QAction::triggered);
    QSignalSpy redone(redo, &QAction::triggered);
    QVERIFY(w.show());

    QTest::keyClicks(w.editor, QStringLiteral("abc"));
    QCOMPARE(w.editor->toPlainText(), QStringLiteral("abc"));
    QTest::keyClick(w.editor, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(undone.count(), 1);
    QCOMPARE(w.editor->toPlainText(), QStringLiteral("abc")); // the editor did not undo itself

    const QKeyCombination redoKey = QKeySequence(QKeySequence::Redo)[0];
    QTest::keyClick(w.editor, redoKey.key(), redoKey.keyboardModifiers());
    QCOMPARE(redone.count(), 1);
    QCOMPARE(undone.count(), 1);

    // Without a window action the keys still do nothing in the editor: they are ignored there.
    w.window.removeAction(undo);
    QTest::keyClick(w.editor, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(w.editor->toPlainText(), QStringLiteral("abc"));
    QVERIFY(w.editor->document()->isUndoAvailable()); // the document's own stack is intact
}

// The premise of the test above: a stock text edit takes Ctrl+Z for itself.
void TestMarkdownEditor::plainEditorKeepsUndoKeys()
{
    QMainWindow window;
    auto *edit = new QPlainTextEdit(&window);
    window.setCentralWidget(edit);
    auto *undo = new QAction(QStringLiteral("Undo"), &window);
    undo->setShortcut(QKeySequence::Undo);
    window.addAction(undo);
    QSignalSpy undone(undo, &QAction::triggered);
    window.show();
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    edit->setFocus();
    QTest::keyClicks(edit, QStringLiteral("abc"));
    QTest::keyClick(edit, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(undone.count(), 0);
    QCOMPARE(edit->toPlainText(), QString());
}

void TestMarkdownEditor::contextMenuRoutesUndo()
{
    MarkdownEditor editor;
    QTest::keyClicks(&editor, QStringLiteral("abc"));
    QSignalSpy undoRequested(&editor, &MarkdownEditor::undoRequested);
    QSignalSpy redoRequested(&editor, &MarkdownEditor::redoRequested);
    const std::unique_ptr<QMenu> menu(editor.createContextMenu(QPoint(1, 1)));
    QAction *undo = menu->findChild<QAction *>(QStringLiteral("edit-undo"));
    QAction *redo = menu->findChild<QAction *>(QStringLiteral("edit-redo"));
    QVERIFY(undo && redo);
    QVERIFY(undo->isEnabled());
    undo->trigger();
    QCOMPARE(undoRequested.count(), 1);
    QCOMPARE(editor.toPlainText(), QStringLiteral("abc"));
    redo->setEnabled(true);
    redo->trigger();
    QCOMPARE(redoRequested.count(), 1);

    // The window's stack decides what is available.
    editor.setUndoAvailable(false);
    editor.setRedoAvailable(true);
    const std::unique_ptr<QMenu> second(editor.createContextMenu(QPoint(1, 1)));
    QVERIFY(!second->findChild<QAction *>(QStringLiteral("edit-undo"))->isEnabled());
    QVERIFY(second->findChild<QAction *>(QStringLiteral("edit-redo"))->isEnabled());
}

void TestMarkdownEditor::goToLineCentres()
{
    Window w;
    QStringList lines;
    for (int i = 1; i <= 1000; ++i)
        lines << QStringLiteral("line %1").arg(i);
    w.editor->setPlainText(lines.join(u'\n'));
    QVERIFY(w.show());
    QSignalSpy cursorLines(w.editor, &MarkdownEditor::cursorLineChanged);
    QSignalSpy topLines(w.editor, &MarkdownEditor::topLineChanged);

    w.editor->goToLine(500);
    QCOMPARE(w.editor->cursorLine(), 500);
    QCOMPARE(w.editor->textCursor().positionInBlock(), 0);
    QCOMPARE(cursorLines.count(), 1);
    QCOMPARE(cursorLines.last().at(0).toInt(), 500);
    // Centred: the cursor's line is near the middle of the view, not at its edge.
    const int top = w.editor->firstVisibleLine();
    QVERIFY2(top > 470 && top < 500, qPrintable(QString::number(top)));
    const QRect cursor = w.editor->cursorRect();
    const int middle = w.editor->viewport()->height() / 2;
    QVERIFY2(qAbs(cursor.center().y() - middle) < cursor.height() * 2,
             qPrintable(QStringLiteral("%1 vs %2").arg(cursor.center().y()).arg(middle)));
    QVERIFY(!topLines.isEmpty());
    QCOMPARE(topLines.last().at(0).toInt(), top);

    w.editor->goToLine(0);
    QCOMPARE(w.editor->cursorLine(), 1);
    w.editor->goToLine(99999);
    QCOMPARE(w.editor->cursorLine(), 1000);
}

void TestMarkdownEditor::topLineFollowsScrolling()
{
    Window w;
    w.editor->setPlainText(sampleDocument(20000));
    QVERIFY(w.show());
    QSignalSpy topLines(w.editor, &MarkdownEditor::topLineChanged);
    QCOMPARE(w.editor->firstVisibleLine(), 1);
    w.editor->verticalScrollBar()->setValue(w.editor->verticalScrollBar()->value() + 40);
    QVERIFY(!topLines.isEmpty());
    QVERIFY(topLines.last().at(0).toInt() > 1);
    QCOMPARE(topLines.last().at(0).toInt(), w.editor->firstVisibleLine());
}

void TestMarkdownEditor::zoomKeysAndWheel()
{
    MarkdownEditor editor;
    QSignalSpy zooms(&editor, &MarkdownEditor::zoomChanged);
    const qreal size = editor.font().pointSizeF();
    QVERIFY(size > 0);

    QTest::keyClick(&editor, Qt::Key_Plus, Qt::ControlModifier);
    QCOMPARE(editor.zoomPercent(), 110);
    QCOMPARE(zooms.last().at(0).toInt(), 110);
    QVERIFY(editor.font().pointSizeF() > size);
    QTest::keyClick(&editor, Qt::Key_Equal, Qt::ControlModifier); // + without Shift
    QCOMPARE(editor.zoomPercent(), 125);
    QTest::keyClick(&editor, Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(editor.zoomPercent(), 100);
    QCOMPARE(editor.font().pointSizeF(), size);
    QTest::keyClick(&editor, Qt::Key_Minus, Qt::ControlModifier);
    QCOMPARE(editor.zoomPercent(), 90);
    QVERIFY(editor.font().pointSizeF() < size);
    QCOMPARE(zooms.count(), 4);

    const QPointF at(10, 10);
    QWheelEvent up(at, editor.mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton,
                   Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(editor.viewport(), &up);
    QCOMPARE(editor.zoomPercent(), 100);
    QWheelEvent plain(at, editor.mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(editor.viewport(), &plain);
    QCOMPARE(editor.zoomPercent(), 100);

    for (int i = 0; i < 30; ++i)
        editor.zoomOut();
    QCOMPARE(editor.zoomPercent(), 50); // bounded
    editor.resetZoom();
    QCOMPARE(editor.zoomPercent(), 100);
}

void TestMarkdownEditor::highlightsConstructs()
{
    MarkdownEditor editor;
    editor.setPlainText(QStringLiteral(
        "# Heading one\n"
        "Text with `some code` and [a link](https://example.com \"t\") and ![pic](p.jpg).\n"
        "**strong** *em* ~~gone~~ <span class=\"x\">tag</span> {% include a.html %} {{ x }}\n"
        "Visit <https://auto.example> or https://bare.example/path today.\n"
        "- [ ] task\n"
        "> quoted\n"
        "***\n"
        "[ref]: https://ref.example \"Title\"\n"
        "Escaped \\*not em\\*\n"));
    MarkdownHighlighter *h = editor.highlighter();
    QCoreApplication::processEvents(); // the first full pass is queued
    const QTextDocument *doc = editor.document();

    const QTextCharFormat heading = formatOf(doc, QStringLiteral("Heading one"));
    QCOMPARE(heading.foreground().color(), colourOf(h, Role::Heading));
    QCOMPARE(heading.fontWeight(), int(QFont::Bold));
    QCOMPARE(formatOf(doc, QStringLiteral("# Heading")).foreground().color(),
             colourOf(h, Role::Syntax));

    QCOMPARE(formatOf(doc, QStringLiteral("some code")).foreground().color(),
             colourOf(h, Role::Code));
    QCOMPARE(formatOf(doc, QStringLiteral("a link")).foreground().color(),
             colourOf(h, Role::LinkText));
    const QTextCharFormat url = formatOf(doc, QStringLiteral("https://example.com"));
    QCOMPARE(url.foreground().color(), colourOf(h, Role::Url));
    QVERIFY(url.fontUnderline());
    QCOMPARE(formatOf(doc, QStringLiteral("pic")).foreground().color(),
             colourOf(h, Role::ImageText));

    QCOMPARE(formatOf(doc, QStringLiteral("strong")).fontWeight(), int(QFont::Bold));
    QCOMPARE(formatOf(doc, QStringLiteral("**strong")).foreground().color(),
             colourOf(h, Role::Syntax));
    QVERIFY(formatOf(doc, QStringLiteral("em*")).fontItalic());
    QVERIFY(formatOf(doc, QStringLiteral("gone")).fontStrikeOut());
    QCOMPARE(formatOf(doc, QStringLiteral("<span")).foreground().color(),
             colourOf(h, Role::HtmlTag));
    QCOMPARE(formatOf(doc, QStringLiteral("include")).foreground().color(),
             colourOf(h, Role::Liquid));
    QCOMPARE(formatOf(doc, QStringLiteral("{{ x }}")).foreground().color(),
             colourOf(h, Role::Liquid));
    QCOMPARE(formatOf(doc, QStringLiteral("auto.example")).foreground().color(),
             colourOf(h, Role::Url));
    QCOMPARE(formatOf(doc, QStringLiteral("bare.example")).foreground().color(),
             colourOf(h, Role::Url));
    QCOMPARE(formatOf(doc, QStringLiteral("- [ ] task")).foreground().color(),
             colourOf(h, Role::ListMarker));
    QCOMPARE(formatOf(doc, QStringLiteral("[ ] task")).foreground().color(),
             colourOf(h, Role::ListMarker));
    QVERIFY(formatOf(doc, QStringLiteral("quoted")).fontItalic());
    QCOMPARE(formatOf(doc, QStringLiteral("***\n")).foreground().color(), colourOf(h, Role::Rule));
    QCOMPARE(formatOf(doc, QStringLiteral("ref]")).foreground().color(),
             colourOf(h, Role::LinkText));
    QCOMPARE(formatOf(doc, QStringLiteral("https://ref.example")).foreground().color(),
             colourOf(h, Role::Url));
    // Escaped stars are no emphasis.
    QVERIFY(!formatOf(doc, QStringLiteral("not em")).fontItalic());
    // Plain text stays plain.
    QCOMPARE(formatOf(doc, QStringLiteral("Text with")), QTextCharFormat());
}

void TestMarkdownEditor::highlightsBlockStates()
{
    MarkdownEditor editor;
    editor.setPlainText(QStringLiteral("Para\n"
                                       "```python\n"
                                       "x = '*not em*'\n"
                                       "{{ site.url }}\n"
                                       "```\n"
                                       "after *em*\n"
                                       "\n"
                                       "    indented code\n"
                                       "\n"
                                       "<!-- open\n"
                                       "still *comment*\n"
                                       "closed --> *em2*\n"
                                       "- item\n"
                                       "\n"
                                       "    item continuation, not code\n"));
    MarkdownHighlighter *h = editor.highlighter();
    QCoreApplication::processEvents(); // the first full pass is queued
    const QTextDocument *doc = editor.document();

    QCOMPARE(formatOf(doc, QStringLiteral("x = ")).foreground().color(),
             colourOf(h, Role::CodeBlock));
    QVERIFY(!formatOf(doc, QStringLiteral("not em*'")).fontItalic());
    QCOMPARE(formatOf(doc, QStringLiteral("site.url")).foreground().color(),
             colourOf(h, Role::Liquid));
    QCOMPARE(formatOf(doc, QStringLiteral("```python")).foreground().color(),
             colourOf(h, Role::CodeFence));
    QVERIFY(MarkdownHighlighter::isCode(doc->findBlockByNumber(2)));
    QVERIFY(MarkdownHighlighter::isCode(doc->findBlockByNumber(4))); // the closing fence
    QVERIFY(!MarkdownHighlighter::isCode(doc->findBlockByNumber(5)));
    QVERIFY(formatOf(doc, QStringLiteral("em*\n\n")).fontItalic());

    QCOMPARE(formatOf(doc, QStringLiteral("indented code")).foreground().color(),
             colourOf(h, Role::CodeBlock));
    QVERIFY(MarkdownHighlighter::isCode(doc->findBlockByNumber(7)));

    const QTextCharFormat comment = formatOf(doc, QStringLiteral("still"));
    QCOMPARE(comment.foreground().color(), colourOf(h, Role::HtmlComment));
    QCOMPARE(formatOf(doc, QStringLiteral("closed")).foreground().color(),
             colourOf(h, Role::HtmlComment));
    QVERIFY(formatOf(doc, QStringLiteral("em2")).fontItalic());

    QCOMPARE(formatOf(doc, QStringLiteral("item continuation")), QTextCharFormat());
    QVERIFY(!MarkdownHighlighter::isCode(doc->lastBlock().previous()));

    // Closing the fence early changes everything after it.
    QTextCursor cursor(doc->findBlockByNumber(2));
    cursor.insertText(QStringLiteral("```\n"));
    QVERIFY(!MarkdownHighlighter::isCode(doc->findBlockByNumber(3)));
    QVERIFY(formatOf(doc, QStringLiteral("not em")).fontItalic());
}

void TestMarkdownEditor::setextHeadingFollowsUnderline()
{
    MarkdownEditor editor;
    editor.setPlainText(QStringLiteral("Intro\n\nTitle\nplain"));
    QCoreApplication::processEvents();
    const QTextDocument *doc = editor.document();
    const QColor headingColour = colourOf(editor.highlighter(), Role::Heading);
    QVERIFY(formatOf(doc, QStringLiteral("Title")).foreground().color() != headingColour);

    // Typing the underline makes the line above a heading...
    placeCursor(&editor, int(QStringLiteral("Intro\n\nTitle\n").size()));
    QTest::keyClicks(&editor, QStringLiteral("==="));
    QTest::keyClick(&editor, Qt::Key_Return);
    QCOMPARE(formatOf(doc, QStringLiteral("Title")).foreground().color(), headingColour);
    QCOMPARE(formatOf(doc, QStringLiteral("Title")).fontWeight(), int(QFont::Bold));
    // ...and undoing it turns the heading back into text.
    for (int i = 0; i < 10 && editor.toPlainText() != QStringLiteral("Intro\n\nTitle\nplain"); ++i)
        editor.document()->undo();
    QCOMPARE(editor.toPlainText(), QStringLiteral("Intro\n\nTitle\nplain"));
    QVERIFY(formatOf(doc, QStringLiteral("Title")).foreground().color() != headingColour);

    // `---` under text is a heading; after a blank line it is a rule.
    editor.setPlainText(QStringLiteral("Text\n---\n\n---\n"));
    QCoreApplication::processEvents();
    QCOMPARE(formatOf(doc, QStringLiteral("Text")).foreground().color(), headingColour);
    QCOMPARE(formatAt(doc, 11).foreground().color(), colourOf(editor.highlighter(), Role::Rule));
}

void TestMarkdownEditor::coloursFollowPalette()
{
    MarkdownEditor editor;
    editor.setPlainText(QStringLiteral("# Heading\n[link](u) `code`"));
    QPalette light;
    light.setColor(QPalette::Base, Qt::white);
    light.setColor(QPalette::Text, Qt::black);
    editor.setPalette(light);
    const QColor lightHeading = colourOf(editor.highlighter(), Role::Heading);
    // Every coloured role contrasts with the background it is drawn on, in both themes.
    for (int r = 0; r < int(Role::Count); ++r) {
        const QBrush brush = editor.highlighter()->format(Role(r)).foreground();
        if (brush.style() != Qt::NoBrush)
            QVERIFY2(255 - brush.color().lightness() > 70, qPrintable(QString::number(r)));
    }
    QPalette dark;
    dark.setColor(QPalette::Base, QColor(30, 30, 30));
    dark.setColor(QPalette::Text, QColor(220, 220, 220));
    editor.setPalette(dark);
    const QColor darkHeading = colourOf(editor.highlighter(), Role::Heading);
    QVERIFY(lightHeading.lightness() < 128);
    QVERIFY(darkHeading.lightness() > 128);
    for (int r = 0; r < int(Role::Count); ++r) {
        const QBrush brush = editor.highlighter()->format(Role(r)).foreground();
        if (brush.style() == Qt::NoBrush)
            continue;
        QVERIFY2(qAbs(brush.color().lightness() - 30) > 70, qPrintable(QString::number(r)));
    }
    QCOMPARE(formatOf(editor.document(), QStringLiteral("Heading")).foreground().color(),
             darkHeading);
}

// The structural property behind "typing stays fast in a 1 MB post": a keystroke re-highlights
// the block it is in (and the next one if its state changed), never the rest of the document.
void TestMarkdownEditor::keystrokeRehighlightsLittle()
{
    MarkdownEditor editor;
    editor.resize(600, 400);
    const QString text = sampleDocument(1024 * 1024);
    editor.setPlainText(text);
    MarkdownHighlighter *h = editor.highlighter();
    QCoreApplication::processEvents(); // the first full pass
    const int blocks = editor.document()->blockCount();
    QVERIFY(blocks > 20000);
    QVERIFY(h->highlightedBlockCount() >= quint64(blocks));

    // Every kind of line in the middle of the document: the paragraph, a list item, code, a
    // quote, a comment line, a heading.
    const QTextBlock middle = editor.document()->findBlockByNumber(blocks / 2);
    QTextBlock block = middle;
    for (int i = 0; i < 24; ++i, block = block.next()) {
        if (block.text().startsWith(QLatin1String("```")))
            continue; // breaking a fence re-highlights what follows, as it must
        placeCursor(&editor, block.position() + block.length() - 1);
        const quint64 before = h->highlightedBlockCount();
        QTest::keyClick(&editor, Qt::Key_X);
        const quint64 typed = h->highlightedBlockCount() - before;
        QVERIFY2(typed >= 1 && typed < 5,
                 qPrintable(QStringLiteral("%1 blocks for '%2'").arg(typed).arg(block.text())));
        QTest::keyClick(&editor, Qt::Key_Backspace);
    }
    QCOMPARE(editor.toPlainText(), text);

    // Enter is cheap too. (Before a heading, so that the fence below opens outside code.)
    QTextBlock heading = middle;
    while (!heading.text().startsWith(QLatin1String("## ")))
        heading = heading.next();
    placeCursor(&editor, heading.position());
    quint64 before = h->highlightedBlockCount();
    QTest::keyClick(&editor, Qt::Key_Return);
    QVERIFY(h->highlightedBlockCount() - before < 5);

    // Opening a fence does change every block after it; the counter sees that.
    QTest::keyClick(&editor, Qt::Key_Up);
    QVERIFY(editor.textCursor().block().text().isEmpty());
    before = h->highlightedBlockCount();
    QTest::keyClicks(&editor, QStringLiteral("~~~"));
    QVERIFY(h->highlightedBlockCount() - before > quint64(blocks / 3));
}

void TestMarkdownEditor::findCountsAndNavigates()
{
    Window w;
    w.editor->setPlainText(QStringLiteral("Meetup one. meetup two.\nMEETUP three. meetups"));
    QVERIFY(w.show());
    placeCursor(w.editor, 0);
    w.findBar->showFind();
    QVERIFY(w.findBar->isVisible());
    QVERIFY(!w.findBar->isReplaceShown());
    auto *findEdit = w.findBar->findChild<QLineEdit *>(QStringLiteral("findText"));
    QVERIFY(findEdit->hasFocus());

    QTest::keyClicks(findEdit, QStringLiteral("meetup"));
    QCOMPARE(w.findBar->matchCount(), 4);
    QCOMPARE(w.editor->textCursor().selectionStart(), 0); // incremental: the first is selected
    QCOMPARE(w.findBar->status(), QStringLiteral("1 of 4"));

    QTest::keyClick(findEdit, Qt::Key_Return);
    QCOMPARE(w.findBar->status(), QStringLiteral("2 of 4"));
    QCOMPARE(w.editor->textCursor().selectionStart(), 12);
    QTest::keyClick(findEdit, Qt::Key_F3);
    QCOMPARE(w.findBar->status(), QStringLiteral("3 of 4"));
    QCOMPARE(w.editor->textCursor().selectedText(), QStringLiteral("MEETUP"));
    QTest::keyClick(findEdit, Qt::Key_Return, Qt::ShiftModifier);
    QCOMPARE(w.findBar->status(), QStringLiteral("2 of 4"));
    QTest::keyClick(findEdit, Qt::Key_F3, Qt::ShiftModifier);
    QTest::keyClick(findEdit, Qt::Key_F3, Qt::ShiftModifier);
    QCOMPARE(w.findBar->status(), QStringLiteral("4 of 4")); // wrapped around
    QTest::keyClick(findEdit, Qt::Key_Return);
    QCOMPARE(w.findBar->status(), QStringLiteral("1 of 4"));

    // The count follows edits to the text.
    placeCursorAtEnd(w.editor);
    QTest::keyClicks(w.editor, QStringLiteral(" meetup"));
    QCOMPARE(w.findBar->matchCount(), 5);
    QTRY_COMPARE(w.findBar->status(), QStringLiteral("5 matches"));

    QTest::keyClicks(findEdit, QStringLiteral("zzz"));
    QCOMPARE(w.findBar->matchCount(), 0);
    QCOMPARE(w.findBar->status(), QStringLiteral("No results"));
    QVERIFY(!w.findBar->findNext());
}

void TestMarkdownEditor::findOptions()
{
    Window w;
    w.editor->setPlainText(QStringLiteral("Meetup one. meetup two.\nMEETUP three. meetups"));
    QVERIFY(w.show());
    w.findBar->showFind();
    w.findBar->setSearchText(QStringLiteral("meetup"));
    QCOMPARE(w.findBar->matchCount(), 4);
    QTest::mouseClick(w.findBar->findChild<QToolButton *>(QStringLiteral("matchCase")),
                      Qt::LeftButton);
    QVERIFY(w.findBar->caseSensitive());
    QCOMPARE(w.findBar->matchCount(), 2);
    QTest::mouseClick(w.findBar->findChild<QToolButton *>(QStringLiteral("wholeWords")),
                      Qt::LeftButton);
    QVERIFY(w.findBar->wholeWords());
    QCOMPARE(w.findBar->matchCount(), 1);
    w.findBar->setCaseSensitive(false);
    QCOMPARE(w.findBar->matchCount(), 3);

    // Regular expressions, including across lines.
    w.findBar->setWholeWords(false);
    w.findBar->setRegularExpression(true);
    w.findBar->setSearchText(QStringLiteral("two\\.\\n\\w+"));
    QCOMPARE(w.findBar->matchCount(), 1);
    QCOMPARE(w.editor->textCursor().selectedText(),
             QStringLiteral("two.") + QChar(QChar::ParagraphSeparator) + QStringLiteral("MEETUP"));
    w.findBar->setSearchText(QStringLiteral("^\\w+"));
    QCOMPARE(w.findBar->matchCount(), 2); // ^ is at each line start
    // Outside regex mode, the same text is literal.
    w.findBar->setRegularExpression(false);
    QCOMPARE(w.findBar->matchCount(), 0);
}

void TestMarkdownEditor::findOpensWithSelection()
{
    Window w;
    w.editor->setPlainText(QStringLiteral("alpha beta gamma beta"));
    QVERIFY(w.show());
    selectText(w.editor, QStringLiteral("beta"));
    w.findBar->showFind();
    QCOMPARE(w.findBar->searchText(), QStringLiteral("beta"));
    QCOMPARE(w.findBar->status(), QStringLiteral("1 of 2"));
    auto *findEdit = w.findBar->findChild<QLineEdit *>(QStringLiteral("findText"));
    QCOMPARE(findEdit->selectedText(), QStringLiteral("beta")); // ready to be typed over

    // In regex mode the selection is escaped, so that it still finds itself.
    w.findBar->dismiss();
    w.editor->setPlainText(QStringLiteral("a (b) c"));
    w.findBar->setRegularExpression(true);
    selectText(w.editor, QStringLiteral("(b)"));
    w.findBar->showReplace();
    QVERIFY(w.findBar->isReplaceShown());
    QCOMPARE(w.findBar->matchCount(), 1);
    QCOMPARE(w.findBar->status(), QStringLiteral("1 of 1"));
}

void TestMarkdownEditor::replaceOneAndAll()
{
    Window w;
    w.editor->setPlainText(QStringLiteral("cat dog cat bird cat"));
    QVERIFY(w.show());
    placeCursor(w.editor, 0);
    w.findBar->showReplace();
    auto *findEdit = w.findBar->findChild<QLineEdit *>(QStringLiteral("findText"));
    auto *replaceEdit = w.findBar->findChild<QLineEdit *>(QStringLiteral("replaceText"));
    QTest::keyClicks(findEdit, QStringLiteral("cat"));
    QTest::keyClicks(replaceEdit, QStringLiteral("fox"));
    QTest::keyClick(replaceEdit, Qt::Key_Return); // replaces the selected match
    QCOMPARE(w.editor->toPlainText(), QStringLiteral("fox dog cat bird cat"));
    QCOMPARE(w.editor->textCursor().selectionStart(), 8); // and moves on
    QCOMPARE(w.findBar->status(), QStringLiteral("1 of 2"));

    QTest::mouseClick(w.findBar->findChild<QToolButton *>(QStringLiteral("replaceAll")),
                      Qt::LeftButton);
    QCOMPARE(w.editor->toPlainText(), QStringLiteral("fox dog fox bird fox"));
    QCOMPARE(w.findBar->status(), QStringLiteral("Replaced 2"));
    QCOMPARE(w.findBar->matchCount(), 0);
}

void TestMarkdownEditor::replaceAllIsOneUndoStep()
{
    Window w;
    QString text;
    for (int i = 0; i < 500; ++i)
        text += QStringLiteral("Line %1 has a word and a Word.\n").arg(i);
    w.editor->setPlainText(text);
    QVERIFY(w.show());
    w.findBar->showReplace();
    w.findBar->setSearchText(QStringLiteral("word"));
    w.findBar->setReplacementText(QStringLiteral("term\nbroken"));
    QCOMPARE(w.findBar->replaceAll(), 1000);
    QVERIFY(!w.editor->toPlainText().contains(QStringLiteral("word"), Qt::CaseInsensitive));
    QCOMPARE(w.editor->document()->blockCount(), 501 + 1000);
    w.editor->document()->undo();
    QCOMPARE(w.editor->toPlainText(), text);
}

void TestMarkdownEditor::regexReplaceUsesGroups()
{
    Window w;
    w.editor->setPlainText(QStringLiteral("Meetup one\nmeetup two\n"));
    QVERIFY(w.show());
    w.findBar->showReplace();
    w.findBar->setRegularExpression(true);
    w.findBar->setSearchText(QStringLiteral("(\\w+)up (\\w+)"));
    w.findBar->setReplacementText(QStringLiteral("\\2: \\1down \\\\ $1"));
    QCOMPARE(w.findBar->replaceAll(), 2);
    QCOMPARE(w.editor->toPlainText(), QStringLiteral("one: Meetdown \\ $1\ntwo: meetdown \\ $1\n"));

    // Zero-length matches work for inserting: quote every line.
    w.findBar->setSearchText(QStringLiteral("^(?=.)"));
    w.findBar->setReplacementText(QStringLiteral("> "));
    QCOMPARE(w.findBar->replaceAll(), 2);
    QCOMPARE(w.editor->toPlainText(),
             QStringLiteral("> one: Meetdown \\ $1\n> two: meetdown \\ $1\n"));
}

void TestMarkdownEditor::invalidRegexIsReported()
{
    Window w;
    w.editor->setPlainText(QStringLiteral("text (with) parentheses"));
    QVERIFY(w.show());
    w.findBar->showReplace();
    w.findBar->setRegularExpression(true);
    auto *findEdit = w.findBar->findChild<QLineEdit *>(QStringLiteral("findText"));
    QTest::keyClicks(findEdit, QStringLiteral("(with"));
    QVERIFY(!w.findBar->errorString().isEmpty());
    QCOMPARE(w.findBar->matchCount(), 0);
    QVERIFY(w.findBar->status().contains(QStringLiteral("missing")));
    QVERIFY(w.findBar->status().endsWith(QStringLiteral("at the end")));
    QVERIFY(!w.findBar->findNext());
    QVERIFY(!w.findBar->findPrevious());
    QCOMPARE(w.findBar->replaceAll(), 0);
    QTest::keyClick(findEdit, Qt::Key_Return);
    QCOMPARE(w.editor->toPlainText(), QStringLiteral("text (with) parentheses"));

    // Where the error is, counted in what was typed (not in the whole-word wrapping).
    w.findBar->setWholeWords(true);
    w.findBar->setSearchText(QStringLiteral("a)b"));
    QVERIFY(w.findBar->status().contains(QStringLiteral("at character 2")));
    w.findBar->setWholeWords(false);
    w.findBar->setSearchText(QStringLiteral("(with"));

    // Fixing it clears the error.
    QTest::keyClicks(findEdit, QStringLiteral(")"));
    QVERIFY(w.findBar->errorString().isEmpty());
    QCOMPARE(w.findBar->status(), QStringLiteral("1 of 1"));
}

void TestMarkdownEditor::escapeClosesFindBar()
{
    Window w;
    w.editor->setPlainText(QStringLiteral("abc"));
    QVERIFY(w.show());
    QSignalSpy closed(w.findBar, &FindBar::closed);
    w.findBar->showFind();
    auto *findEdit = w.findBar->findChild<QLineEdit *>(QStringLiteral("findText"));
    QVERIFY(findEdit->hasFocus());
    QTest::keyClick(findEdit, Qt::Key_Escape);
    QVERIFY(!w.findBar->isVisible());
    QCOMPARE(closed.count(), 1);
    QVERIFY(w.editor->hasFocus());
}

// The window may keep the body's QTextDocument elsewhere and hand it to the editor.
void TestMarkdownEditor::followsSwappedDocument()
{
    Window w;
    w.editor->setPlainText(QStringLiteral("old old"));
    QVERIFY(w.show());
    w.findBar->showFind();
    w.findBar->setSearchText(QStringLiteral("new"));
    QCOMPARE(w.findBar->matchCount(), 0);

    QTextDocument body;
    body.setDocumentLayout(new QPlainTextDocumentLayout(&body));
    body.setPlainText(QStringLiteral("# new\n- new item"));
    w.editor->setDocument(&body);
    QCoreApplication::processEvents();
    QCOMPARE(formatOf(&body, QStringLiteral("new")).foreground().color(),
             colourOf(w.editor->highlighter(), Role::Heading));
    QCOMPARE(w.findBar->matchCount(), 2);

    placeCursorAtEnd(w.editor);
    QTest::keyClick(w.editor, Qt::Key_Return);
    QCOMPARE(body.toPlainText(), QStringLiteral("# new\n- new item\n- "));
    QCOMPARE(w.findBar->matchCount(), 2);
    QTest::keyClicks(w.editor, QStringLiteral("new"));
    QCOMPARE(w.findBar->matchCount(), 3);
    // Highlighting follows edits in the new document, not the old one.
    QTest::keyClick(w.editor, Qt::Key_Return);
    QTest::keyClicks(w.editor, QStringLiteral("`code`"));
    QCOMPARE(formatOf(&body, QStringLiteral("code")).foreground().color(),
             colourOf(w.editor->highlighter(), Role::Code));
    w.editor->setDocument(nullptr); // before `body` goes
}

QTEST_MAIN(TestMarkdownEditor)

#include "tst_markdowneditor.moc"
