#include "markdowneditor.h"

#include "markdownhighlighter.h"

#include <QAction>
#include <QFileInfo>
#include <QFontDatabase>
#include <QImage>
#include <QKeyEvent>
#include <QMenu>
#include <QMimeData>
#include <QPainter>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTextBlock>
#include <QUrl>

#include <algorithm>
#include <array>
#include <memory>

namespace Meetdown {

namespace {

// Room around the text: a post is read as much as it is written here.
constexpr qreal DocumentMargin = 14;

// The steps browsers use: fine near 100 %, coarser further out.
constexpr std::array<int, 13> ZoomSteps = {50,  67,  75,  80,  90,  100, 110,
                                           125, 150, 175, 200, 250, 300};

bool isBlank(QChar c)
{
    return c == u' ' || c == u'\t';
}

bool isThematicBreak(const QString &text)
{
    static const QRegularExpression rule(
        QStringLiteral("^ {0,3}([-*_])(?:[ \\t]*\\1){2,}[ \\t]*$"));
    return rule.match(text).hasMatch();
}

// The start of a line up to its content: indentation, `>` markers, a list marker and a task box.
struct LinePrefix
{
    QString indent;
    QString quote;
    QString innerIndent; // between the quote markers and the list marker
    QString marker;      // "-", "*", "+", "1." or "1)"; empty when the line is no list item
    QString spacing;     // between the marker and the text
    bool task = false;
    int length = 0; // where the content starts

    bool isListItem() const { return !marker.isEmpty(); }
    bool isQuote() const { return !quote.isEmpty(); }
};

LinePrefix parsePrefix(const QString &text)
{
    LinePrefix prefix;
    const int size = int(text.size());
    int i = 0;
    while (i < size && isBlank(text[i]))
        ++i;
    prefix.indent = text.left(i);
    int quoteStart = i;
    while (i < size && text[i] == u'>') {
        ++i;
        while (i < size && isBlank(text[i]))
            ++i;
    }
    // Blanks after the last `>` belong to the quote marker unless a list marker follows them.
    int quoteEnd = i;
    if (quoteEnd > quoteStart) {
        while (quoteEnd > quoteStart && isBlank(text[quoteEnd - 1]))
            --quoteEnd;
        if (quoteEnd < i)
            ++quoteEnd; // the one blank that is part of `> `
    }
    prefix.quote = text.mid(quoteStart, quoteEnd - quoteStart);
    prefix.innerIndent = text.mid(quoteEnd, i - quoteEnd);
    prefix.length = i;
    if (isThematicBreak(text.mid(i)))
        return prefix;

    int markerEnd = i;
    if (i < size && (text[i] == u'-' || text[i] == u'*' || text[i] == u'+')) {
        markerEnd = i + 1;
    } else {
        int digits = i;
        while (digits < size && digits - i < 9 && text[digits].isDigit())
            ++digits;
        if (digits > i && digits < size && (text[digits] == u'.' || text[digits] == u')'))
            markerEnd = digits + 1;
    }
    if (markerEnd == i || (markerEnd < size && !isBlank(text[markerEnd])))
        return prefix;
    int contentStart = markerEnd;
    while (contentStart < size && isBlank(text[contentStart]))
        ++contentStart;
    prefix.marker = text.mid(i, markerEnd - i);
    prefix.spacing = text.mid(markerEnd, contentStart - markerEnd);
    if (contentStart + 3 <= size && text[contentStart] == u'[' && text[contentStart + 2] == u']' &&
        QStringLiteral(" xX").contains(text[contentStart + 1]) &&
        (contentStart + 3 == size || isBlank(text[contentStart + 3]))) {
        prefix.task = true;
        contentStart += 3;
        while (contentStart < size && isBlank(text[contentStart]))
            ++contentStart;
    }
    prefix.length = contentStart;
    return prefix;
}

// "9." becomes "10.", "07)" becomes "08)": the delimiter and any zero padding are kept.
QString nextMarker(const QString &marker)
{
    const QChar delimiter = marker.back();
    if (delimiter != u'.' && delimiter != u')')
        return marker;
    const QString digits = marker.chopped(1);
    const QString next = QString::number(digits.toLongLong() + 1);
    return next.rightJustified(digits.size(), u'0') + delimiter;
}

int leadingBlanks(const QString &text)
{
    int i = 0;
    while (i < text.size() && isBlank(text[i]))
        ++i;
    return i;
}

QColor mix(const QColor &a, const QColor &b, qreal towardB)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * towardB),
                            float(a.greenF() + (b.greenF() - a.greenF()) * towardB),
                            float(a.blueF() + (b.blueF() - a.blueF()) * towardB));
}

} // namespace

MarkdownEditor::MarkdownEditor(QWidget *parent) : QPlainTextEdit(parent)
{
    // Parented to the editor: a document swapped out by setDocument() may be deleted.
    m_highlighter = new MarkdownHighlighter(document(), this);
    setFrameShape(QFrame::NoFrame);
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    document()->setDocumentMargin(DocumentMargin);

    m_baseFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const QFont ui = font();
    if (ui.pointSizeF() > 0 && m_baseFont.pointSizeF() > 0)
        m_baseFont.setPointSizeF(std::max(m_baseFont.pointSizeF(), ui.pointSizeF()) + 1);
    applyFont();
    applyPalette();

    connect(this, &QPlainTextEdit::cursorPositionChanged, this, [this] {
        updateCurrentLine();
        const int line = cursorLine();
        if (line != m_lastCursorLine) {
            m_lastCursorLine = line;
            emit cursorLineChanged(line);
        }
    });
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, [this] { emitTopLine(); });
    // Re-wrapping after a resize can move the top line without the scroll bar's value moving.
    connect(this, &QPlainTextEdit::updateRequest, this, [this] { emitTopLine(); });
}

MarkdownEditor::~MarkdownEditor() = default;

void MarkdownEditor::setDocument(QTextDocument *document)
{
    QPlainTextEdit::setDocument(document);
    this->document()->setDocumentMargin(DocumentMargin);
    this->document()->setDefaultFont(font());
    m_highlighter->setDocument(this->document());
    m_lastCursorLine = cursorLine();
    updateCurrentLine();
    emitTopLine();
}

int MarkdownEditor::cursorLine() const
{
    return textCursor().blockNumber() + 1;
}

int MarkdownEditor::firstVisibleLine() const
{
    return firstVisibleBlock().blockNumber() + 1;
}

void MarkdownEditor::emitTopLine()
{
    const int line = firstVisibleLine();
    if (line != m_lastTopLine) {
        m_lastTopLine = line;
        emit topLineChanged(line);
    }
}

void MarkdownEditor::goToLine(int line)
{
    const int number = std::clamp(line, 1, document()->blockCount()) - 1;
    setTextCursor(QTextCursor(document()->findBlockByNumber(number)));
    centerCursor();
}

void MarkdownEditor::zoomIn()
{
    const auto next = std::upper_bound(ZoomSteps.begin(), ZoomSteps.end(), m_zoomPercent);
    if (next != ZoomSteps.end())
        setZoomPercent(*next);
}

void MarkdownEditor::zoomOut()
{
    const auto next = std::lower_bound(ZoomSteps.begin(), ZoomSteps.end(), m_zoomPercent);
    if (next != ZoomSteps.begin())
        setZoomPercent(*(next - 1));
}

void MarkdownEditor::resetZoom()
{
    setZoomPercent(DefaultZoom);
}

void MarkdownEditor::setZoomPercent(int percent)
{
    percent = std::clamp(percent, ZoomSteps.front(), ZoomSteps.back());
    if (percent == m_zoomPercent)
        return;
    m_zoomPercent = percent;
    applyFont();
    emit zoomChanged(percent);
}

void MarkdownEditor::applyFont()
{
    QFont zoomed = m_baseFont;
    if (m_baseFont.pointSizeF() > 0)
        zoomed.setPointSizeF(m_baseFont.pointSizeF() * m_zoomPercent / 100.0);
    else
        zoomed.setPixelSize(std::max(1, m_baseFont.pixelSize() * m_zoomPercent / 100));
    setFont(zoomed);
    setTabStopDistance(4 * QFontMetricsF(zoomed).horizontalAdvance(u' '));
}

void MarkdownEditor::applyPalette()
{
    const QPalette colours = palette();
    const QColor base = colours.color(QPalette::Base);
    const QColor text = colours.color(QPalette::Text);
    m_codeBackground = mix(base, text, base.lightnessF() < 0.5 ? 0.08 : 0.045);
    // Translucent, so that the line stays visible on a code block's background too.
    m_currentLineBackground = colours.color(QPalette::Highlight);
    m_currentLineBackground.setAlphaF(base.lightnessF() < 0.5 ? 0.16f : 0.09f);
    m_highlighter->setPalette(colours);
    updateCurrentLine();
    viewport()->update();
}

void MarkdownEditor::updateCurrentLine()
{
    QTextEdit::ExtraSelection line;
    line.format.setBackground(m_currentLineBackground);
    line.format.setProperty(QTextFormat::FullWidthSelection, true);
    line.cursor = textCursor();
    line.cursor.clearSelection();
    setExtraSelections({line});
}

void MarkdownEditor::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
}

void MarkdownEditor::paintEvent(QPaintEvent *event)
{
    // Code blocks get a background across the whole width, which a character format cannot give
    // without ragged edges; the base class paints the text over it.
    {
        QPainter painter(viewport());
        const QPointF offset = contentOffset();
        const qreal width = viewport()->width();
        for (QTextBlock block = firstVisibleBlock(); block.isValid(); block = block.next()) {
            const QRectF rect = blockBoundingGeometry(block).translated(offset);
            if (rect.top() > event->rect().bottom())
                break;
            if (block.isVisible() && MarkdownHighlighter::isCode(block))
                painter.fillRect(QRectF(0, rect.top(), width, rect.height()), m_codeBackground);
        }
    }
    QPlainTextEdit::paintEvent(event);
}

bool MarkdownEditor::event(QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->matches(QKeySequence::Undo) || key->matches(QKeySequence::Redo)) {
            // Not overridden: the window's Undo and Redo actions take these keys.
            event->ignore();
            return true;
        }
        // Claimed before any window shortcut on the same keys, as a text field claims Ctrl+C.
        if (handleShortcut(key, false)) {
            event->accept();
            return true;
        }
    }
    return QPlainTextEdit::event(event);
}

bool MarkdownEditor::handleShortcut(QKeyEvent *event, bool run)
{
    const Qt::KeyboardModifiers modifiers =
        event->modifiers() & ~(Qt::KeypadModifier | Qt::ShiftModifier);
    const bool control = modifiers == Qt::ControlModifier;
    const bool shift = event->modifiers() & Qt::ShiftModifier;
    void (MarkdownEditor::*action)() = nullptr;
    if (event->matches(QKeySequence::Bold))
        action = &MarkdownEditor::toggleBold;
    else if (event->matches(QKeySequence::Italic))
        action = &MarkdownEditor::toggleItalic;
    else if (control && !shift && event->key() == Qt::Key_K)
        action = &MarkdownEditor::insertLink;
    else if (event->matches(QKeySequence::ZoomIn) ||
             (control && (event->key() == Qt::Key_Plus || event->key() == Qt::Key_Equal)))
        action = &MarkdownEditor::zoomIn;
    else if (event->matches(QKeySequence::ZoomOut) || (control && event->key() == Qt::Key_Minus))
        action = &MarkdownEditor::zoomOut;
    else if (control && !shift && event->key() == Qt::Key_0)
        action = &MarkdownEditor::resetZoom;
    if (action && run)
        (this->*action)();
    return action != nullptr;
}

void MarkdownEditor::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Undo) || event->matches(QKeySequence::Redo)) {
        event->ignore(); // for the window's undo stack, which covers the form too
        return;
    }
    if (handleShortcut(event, true)) {
        event->accept();
        return;
    }
    const Qt::KeyboardModifiers modifiers = event->modifiers() & ~Qt::KeypadModifier;
    const int key = event->key();
    if ((key == Qt::Key_Return || key == Qt::Key_Enter) && modifiers == Qt::NoModifier &&
        continueBlock()) {
        ensureCursorVisible();
        event->accept();
        return;
    }
    if ((key == Qt::Key_Tab && modifiers == Qt::NoModifier && indentListItems(false)) ||
        (key == Qt::Key_Backtab && indentListItems(true))) {
        event->accept();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

void MarkdownEditor::wheelEvent(QWheelEvent *event)
{
    if (!(event->modifiers() & Qt::ControlModifier)) {
        QPlainTextEdit::wheelEvent(event);
        return;
    }
    // Touchpads send small deltas: steps are taken per notch, the rest is kept for later.
    static constexpr int Notch = 120;
    m_wheelDelta += event->angleDelta().y();
    while (m_wheelDelta >= Notch) {
        m_wheelDelta -= Notch;
        zoomIn();
    }
    while (m_wheelDelta <= -Notch) {
        m_wheelDelta += Notch;
        zoomOut();
    }
    event->accept();
}

QMenu *MarkdownEditor::createContextMenu(const QPoint &position)
{
    QMenu *menu = createStandardContextMenu(position);
    for (QAction *action : menu->actions()) {
        const QString name = action->objectName();
        const bool undo = name == QLatin1String("edit-undo");
        if (!undo && name != QLatin1String("edit-redo"))
            continue;
        QObject::disconnect(action, &QAction::triggered, nullptr, nullptr);
        if (undo) {
            connect(action, &QAction::triggered, this, &MarkdownEditor::undoRequested);
            action->setEnabled(m_undoAvailable.value_or(document()->isUndoAvailable()));
        } else {
            connect(action, &QAction::triggered, this, &MarkdownEditor::redoRequested);
            action->setEnabled(m_redoAvailable.value_or(document()->isRedoAvailable()));
        }
    }
    return menu;
}

void MarkdownEditor::contextMenuEvent(QContextMenuEvent *event)
{
    const std::unique_ptr<QMenu> menu(createContextMenu(event->pos()));
    menu->exec(event->globalPos());
}

void MarkdownEditor::toggleBold()
{
    toggleEmphasis(2);
}

void MarkdownEditor::toggleItalic()
{
    toggleEmphasis(1);
}

void MarkdownEditor::toggleEmphasis(int markerLength)
{
    const QString marker(markerLength, u'*');
    QTextDocument *doc = document();
    QTextCursor cursor = textCursor();
    // A run of stars carries emphasis of this kind when it holds the marker: `***` holds both.
    auto carries = [markerLength](int run) {
        return markerLength == 1 ? run == 1 || run >= 3 : run >= 2;
    };
    auto starsBefore = [doc](int position, int limit) {
        int run = 0;
        while (position - run > limit && doc->characterAt(position - run - 1) == u'*')
            ++run;
        return run;
    };
    auto starsAfter = [doc](int position, int limit) {
        int run = 0;
        while (position + run < limit && doc->characterAt(position + run) == u'*')
            ++run;
        return run;
    };

    const int blockStart = cursor.block().position();
    const int blockEnd = blockStart + cursor.block().length() - 1;
    cursor.beginEditBlock();
    if (!cursor.hasSelection()) {
        const int at = cursor.position();
        // Between an empty pair, the same key takes the pair away again.
        if (starsBefore(at, blockStart) == markerLength &&
            starsAfter(at, blockEnd) == markerLength) {
            cursor.setPosition(at - markerLength);
            cursor.setPosition(at + markerLength, QTextCursor::KeepAnchor);
            cursor.removeSelectedText();
        } else {
            cursor.insertText(marker + marker);
            cursor.setPosition(at + markerLength);
        }
        cursor.endEditBlock();
        setTextCursor(cursor);
        return;
    }

    int start = cursor.selectionStart();
    int end = cursor.selectionEnd();
    // `** word**` is no emphasis: blanks at the ends of the selection stay outside the markers.
    while (start < end && doc->characterAt(start).isSpace())
        ++start;
    while (end > start && doc->characterAt(end - 1).isSpace())
        --end;
    const QTextBlock first = doc->findBlock(start);
    const QTextBlock last = doc->findBlock(end);
    const int outsideBefore = starsBefore(start, first.position());
    const int outsideAfter = starsAfter(end, last.position() + last.length() - 1);
    const int insideBefore = starsAfter(start, end);
    const int insideAfter = starsBefore(end, start);

    auto remove = [&cursor](int from, int length) {
        cursor.setPosition(from);
        cursor.setPosition(from + length, QTextCursor::KeepAnchor);
        cursor.removeSelectedText();
    };
    int selectFrom = start;
    int selectTo = end;
    if (carries(outsideBefore) && carries(outsideAfter)) {
        remove(end, markerLength);
        remove(start - markerLength, markerLength);
        selectFrom = start - markerLength;
        selectTo = end - markerLength;
    } else if (insideBefore < end - start && carries(insideBefore) && carries(insideAfter)) {
        remove(end - markerLength, markerLength);
        remove(start, markerLength);
        selectTo = end - 2 * markerLength;
    } else {
        cursor.setPosition(end);
        cursor.insertText(marker);
        cursor.setPosition(start);
        cursor.insertText(marker);
        selectFrom = start + markerLength;
        selectTo = end + markerLength;
    }
    cursor.setPosition(selectFrom);
    cursor.setPosition(selectTo, QTextCursor::KeepAnchor);
    cursor.endEditBlock();
    setTextCursor(cursor);
}

void MarkdownEditor::insertLink()
{
    static const QRegularExpression url(
        QStringLiteral("^(?:[a-z][a-z0-9+.-]*://\\S+|www\\.\\S+|mailto:\\S+)$"),
        QRegularExpression::CaseInsensitiveOption);
    QTextCursor cursor = textCursor();
    int start = cursor.selectionStart();
    int end = cursor.selectionEnd();
    QTextDocument *doc = document();
    while (start < end && doc->characterAt(start).isSpace())
        ++start;
    while (end > start && doc->characterAt(end - 1).isSpace())
        --end;
    cursor.beginEditBlock();
    cursor.setPosition(start);
    cursor.setPosition(end, QTextCursor::KeepAnchor);
    const QString selected = cursor.selectedText();
    if (selected.isEmpty()) {
        cursor.insertText(QStringLiteral("[](https://)"));
        cursor.setPosition(start + 1);
    } else if (url.match(selected).hasMatch()) {
        cursor.insertText(QStringLiteral("[](%1)").arg(selected));
        cursor.setPosition(start + 1);
    } else {
        cursor.insertText(QStringLiteral("[%1](url)").arg(selected));
        const int urlStart = start + int(selected.size()) + 3;
        cursor.setPosition(urlStart);
        cursor.setPosition(urlStart + 3, QTextCursor::KeepAnchor);
    }
    cursor.endEditBlock();
    setTextCursor(cursor);
}

bool MarkdownEditor::continueBlock()
{
    QTextCursor cursor = textCursor();
    if (cursor.hasSelection())
        return false;
    const QTextBlock block = cursor.block();
    const QString text = block.text();
    const int at = cursor.positionInBlock();
    if (MarkdownHighlighter::isCode(block)) {
        // Code keeps its indentation, which is what one wants in an indented block.
        const int indent = leadingBlanks(text);
        if (indent == 0 || at < indent)
            return false;
        cursor.insertText(QLatin1Char('\n') + text.left(indent));
        setTextCursor(cursor);
        return true;
    }
    const LinePrefix prefix = parsePrefix(text);
    if (!prefix.isListItem() && !prefix.isQuote()) {
        if (prefix.indent.isEmpty() || at < prefix.indent.size())
            return false;
        cursor.insertText(QLatin1Char('\n') + prefix.indent);
        setTextCursor(cursor);
        return true;
    }
    if (at < prefix.length)
        return false; // inside the marker: an ordinary line break

    cursor.beginEditBlock();
    if (QStringView(text).sliced(prefix.length).trimmed().isEmpty()) {
        // Enter on an empty item ends the list, and on an empty quote line one quote level.
        QString kept;
        if (prefix.isListItem()) {
            kept = prefix.indent + prefix.quote;
        } else {
            const int lastMarker = int(prefix.quote.lastIndexOf(u'>'));
            kept = prefix.indent + prefix.quote.left(lastMarker);
        }
        cursor.movePosition(QTextCursor::StartOfBlock);
        cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
        cursor.insertText(kept);
    } else {
        QString next = QLatin1Char('\n') + prefix.indent + prefix.quote + prefix.innerIndent;
        if (prefix.isListItem()) {
            next += nextMarker(prefix.marker) +
                    (prefix.spacing.isEmpty() ? QStringLiteral(" ") : prefix.spacing);
            if (prefix.task)
                next += QStringLiteral("[ ] ");
        }
        cursor.insertText(next);
    }
    cursor.endEditBlock();
    setTextCursor(cursor);
    return true;
}

// Tab and Shift+Tab on list items nest them under the item above, or lift them out a level,
// using the indentation CommonMark needs: the column where the parent item's text starts.
bool MarkdownEditor::indentListItems(bool outdent)
{
    QTextCursor cursor = textCursor();
    QTextDocument *doc = document();
    const QTextBlock first = doc->findBlock(cursor.selectionStart());
    const QTextBlock last = doc->findBlock(cursor.selectionEnd());
    const bool severalLines = first != last;
    // Tab on one ordinary line is a tab as typed. Shift+Tab always stays here, taking back an
    // indentation, rather than moving the focus out of the editor.
    if (!outdent && !severalLines &&
        (MarkdownHighlighter::isCode(first) || !parsePrefix(first.text()).isListItem()))
        return false;

    // The list item above `block` whose indentation satisfies `fits`, looking a bounded way up.
    auto itemAbove = [](const QTextBlock &block, auto fits) -> std::optional<LinePrefix> {
        int budget = 200;
        for (QTextBlock b = block.previous(); b.isValid() && budget-- > 0; b = b.previous()) {
            const QString text = b.text();
            const LinePrefix prefix = parsePrefix(text);
            if (prefix.isListItem() && prefix.quote.isEmpty() && fits(prefix))
                return prefix;
            if (!prefix.isListItem() && !text.trimmed().isEmpty() && prefix.indent.isEmpty())
                return std::nullopt; // a paragraph at the margin ends the list
        }
        return std::nullopt;
    };

    cursor.beginEditBlock();
    for (QTextBlock block = first;; block = block.next()) {
        const QString text = block.text();
        const LinePrefix prefix = parsePrefix(text);
        const int indent = int(prefix.indent.size());
        int target = indent;
        if (prefix.isListItem() && prefix.quote.isEmpty() && !MarkdownHighlighter::isCode(block)) {
            if (outdent) {
                const auto parent = itemAbove(
                    block, [indent](const LinePrefix &p) { return p.indent.size() < indent; });
                target = parent ? int(parent->indent.size()) : 0;
            } else {
                const auto sibling = itemAbove(
                    block, [indent](const LinePrefix &p) { return p.indent.size() <= indent; });
                const int ownWidth = int(prefix.marker.size() + prefix.spacing.size());
                const int siblingContent =
                    sibling ? int(sibling->indent.size() + sibling->marker.size() +
                                  sibling->spacing.size())
                            : 0;
                target = siblingContent > indent ? siblingContent : indent + ownWidth;
            }
            if (target != indent || prefix.indent.contains(u'\t')) {
                QTextCursor edit(block);
                edit.setPosition(block.position() + indent, QTextCursor::KeepAnchor);
                edit.insertText(QString(target, u' '));
            }
        } else if (!text.trimmed().isEmpty()) {
            QTextCursor edit(block);
            if (!outdent) {
                edit.insertText(QStringLiteral("\t"));
            } else if (indent > 0) {
                const int remove = text[0] == u'\t' ? 1 : std::min(indent, 4);
                edit.setPosition(block.position() + remove, QTextCursor::KeepAnchor);
                edit.removeSelectedText();
            }
        }
        if (block == last)
            break;
    }
    cursor.endEditBlock();
    return true;
}

bool MarkdownEditor::canInsertFromMimeData(const QMimeData *source) const
{
    return source->hasImage() || source->hasUrls() || QPlainTextEdit::canInsertFromMimeData(source);
}

void MarkdownEditor::insertFromMimeData(const QMimeData *source)
{
    if (isReadOnly())
        return;
    const int position = textCursor().position();
    if (source->hasUrls()) {
        QStringList files;
        QStringList links;
        for (const QUrl &url : source->urls()) {
            if (url.isLocalFile()) {
                files.append(url.toLocalFile());
            } else if (url.scheme() == QLatin1String("http") ||
                       url.scheme() == QLatin1String("https")) {
                // A web image stays on the web: its link goes in, nothing is downloaded.
                const QString name = QFileInfo(url.path()).completeBaseName();
                QString alt = name;
                alt.replace(QLatin1Char('-'), QLatin1Char(' '))
                    .replace(QLatin1Char('_'), QLatin1Char(' '));
                links.append(QStringLiteral("![%1](%2)")
                                 .arg(alt.trimmed(), url.toString(QUrl::FullyEncoded)));
            }
        }
        if (!files.isEmpty())
            emit filesDropped(files, position);
        if (!links.isEmpty()) {
            QTextCursor cursor = textCursor();
            cursor.beginEditBlock();
            if (cursor.positionInBlock() > 0)
                cursor.insertText(QStringLiteral("\n"));
            cursor.insertText(links.join(QLatin1Char('\n')) + QLatin1Char('\n'));
            cursor.endEditBlock();
            setTextCursor(cursor);
        }
        if (!files.isEmpty() || !links.isEmpty())
            return;
    }
    if (source->hasImage() && !source->hasText()) {
        const QImage image = qvariant_cast<QImage>(source->imageData());
        if (!image.isNull()) {
            emit imagePasted(image, position);
            return;
        }
    }
    QPlainTextEdit::insertFromMimeData(source);
}

} // namespace Meetdown
