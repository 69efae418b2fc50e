#ifndef MEETDOWN_EDITOR_MARKDOWNEDITOR_H
#define MEETDOWN_EDITOR_MARKDOWNEDITOR_H

#include <QFont>
#include <QPlainTextEdit>

#include <optional>

class QMenu;

namespace Meetdown {

class MarkdownHighlighter;

// The Markdown pane: the post body only (the front matter lives in the form). It highlights
// Markdown, continues lists and quotes on Enter, and wraps the selection in emphasis or a link.
//
// Undo and redo are deliberately not handled here: the window keeps one undo stack for form and
// text edits, in the order they were made, and drives document()->undo()/redo() from it. So the
// undo keys pass through to the window's actions, and the context menu asks for them by signal.
class MarkdownEditor final : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MarkdownEditor)
public:
    static constexpr int DefaultZoom = 100;

    explicit MarkdownEditor(QWidget *parent = nullptr);
    ~MarkdownEditor() override;

    MarkdownHighlighter *highlighter() const { return m_highlighter; }

    // Hides QPlainTextEdit::setDocument (which is not virtual), so that the highlighting, the
    // margins and the zoom follow a document that the window keeps elsewhere.
    void setDocument(QTextDocument *document);

    // 1-based block numbers, the unit of goToLine() and of the preview's source lines.
    int cursorLine() const;
    int firstVisibleLine() const;

    int zoomPercent() const { return m_zoomPercent; }

    // The standard editing menu with Undo and Redo sent to undoRequested()/redoRequested().
    // The caller owns the menu.
    QMenu *createContextMenu(const QPoint &position);

public slots:
    // Moves the cursor to the start of the line (clamped to the document) and centres it.
    void goToLine(int line);

    void zoomIn();
    void zoomOut();
    void resetZoom();
    void setZoomPercent(int percent);

    // Ctrl+B, Ctrl+I: wrap the selection in ** or *, or unwrap it if it is wrapped already.
    void toggleBold();
    void toggleItalic();
    // Ctrl+K: the selection becomes the text of a link, or its target if it is a URL.
    void insertLink();

    // Lets the context menu's Undo and Redo follow the window's undo stack rather than the
    // document's own, which knows nothing of form edits. Until called, they follow the document.
    void setUndoAvailable(bool available) { m_undoAvailable = available; }
    void setRedoAvailable(bool available) { m_redoAvailable = available; }

signals:
    void cursorLineChanged(int line);
    void topLineChanged(int line);
    void zoomChanged(int percent);
    void undoRequested();
    void redoRequested();
    // Local files dropped or pasted at a position in the document: photos to import (the
    // window decides; nothing is inserted here). Web image URLs are inserted as links directly.
    void filesDropped(const QStringList &paths, int position);
    // An image pasted from the clipboard, to be saved as a file and imported.
    void imagePasted(const QImage &image, int position);

protected:
    bool canInsertFromMimeData(const QMimeData *source) const override;
    void insertFromMimeData(const QMimeData *source) override;
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void changeEvent(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    // Whether the key is one of the editor's own shortcuts; runs it when `run` is set.
    bool handleShortcut(QKeyEvent *event, bool run);
    void toggleEmphasis(int markerLength);
    bool continueBlock();
    bool indentListItems(bool outdent);
    void applyPalette();
    void applyFont();
    void updateCurrentLine();
    void emitTopLine();

    MarkdownHighlighter *m_highlighter = nullptr;
    QFont m_baseFont;
    int m_zoomPercent = DefaultZoom;
    int m_lastCursorLine = 1;
    int m_lastTopLine = 1;
    int m_wheelDelta = 0;
    QColor m_codeBackground;
    QColor m_currentLineBackground;
    std::optional<bool> m_undoAvailable;
    std::optional<bool> m_redoAvailable;
};

} // namespace Meetdown

#endif
