#include "findbar.h"

#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QStyle>
#include <QTextBlock>
#include <QTimer>
#include <QToolButton>

#include <algorithm>

namespace Meetdown {

namespace {

QToolButton *makeButton(QWidget *parent, const QString &name, const QString &text,
                        const QString &toolTip, bool checkable)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(name);
    button->setText(text);
    button->setToolTip(toolTip);
    button->setCheckable(checkable);
    button->setAutoRaise(true);
    button->setFocusPolicy(Qt::TabFocus);
    return button;
}

// Letters, digits and the underscore make up a word, in every script.
const QString WordBefore = QStringLiteral("(?<![\\p{L}\\p{N}_])");
const QString WordAfter = QStringLiteral("(?![\\p{L}\\p{N}_])");

} // namespace

FindBar::FindBar(QWidget *parent) : QWidget(parent)
{
    m_findEdit = new QLineEdit(this);
    m_findEdit->setObjectName(QStringLiteral("findText"));
    m_findEdit->setPlaceholderText(tr("Find"));
    m_findEdit->setClearButtonEnabled(true);
    m_replaceEdit = new QLineEdit(this);
    m_replaceEdit->setObjectName(QStringLiteral("replaceText"));
    m_replaceEdit->setPlaceholderText(tr("Replace with"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("findStatus"));
    m_status->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("9999 of 9999")));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_caseButton =
        makeButton(this, QStringLiteral("matchCase"), QStringLiteral("Aa"), tr("Match case"), true);
    m_wordsButton = makeButton(this, QStringLiteral("wholeWords"), QStringLiteral("W"),
                               tr("Whole words"), true);
    m_regexButton = makeButton(this, QStringLiteral("regularExpression"), QStringLiteral(".*"),
                               tr("Regular expression"), true);
    QToolButton *previous = makeButton(this, QStringLiteral("findPrevious"), QString(),
                                       tr("Previous match (Shift+Enter, Shift+F3)"), false);
    previous->setIcon(style()->standardIcon(QStyle::SP_ArrowUp));
    QToolButton *next = makeButton(this, QStringLiteral("findNext"), QString(),
                                   tr("Next match (Enter, F3)"), false);
    next->setIcon(style()->standardIcon(QStyle::SP_ArrowDown));
    QToolButton *close =
        makeButton(this, QStringLiteral("closeFind"), QString(), tr("Close (Escape)"), false);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    QToolButton *replaceButton =
        makeButton(this, QStringLiteral("replace"), tr("Replace"), tr("Replace (Enter)"), false);
    QToolButton *replaceAllButton =
        makeButton(this, QStringLiteral("replaceAll"), tr("All"), tr("Replace all matches"), false);

    auto *findRow = new QHBoxLayout;
    findRow->setSpacing(2);
    findRow->addWidget(m_status);
    findRow->addWidget(m_caseButton);
    findRow->addWidget(m_wordsButton);
    findRow->addWidget(m_regexButton);
    findRow->addSpacing(6);
    findRow->addWidget(previous);
    findRow->addWidget(next);

    m_replaceRow = new QWidget(this);
    auto *replaceRow = new QHBoxLayout(m_replaceRow);
    replaceRow->setContentsMargins(0, 0, 0, 0);
    replaceRow->setSpacing(2);
    replaceRow->addWidget(replaceButton);
    replaceRow->addWidget(replaceAllButton);
    replaceRow->addStretch();

    // The fields take the room they need for a long pattern, not the whole width of the window.
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->setHorizontalSpacing(6);
    layout->setVerticalSpacing(4);
    layout->addWidget(m_findEdit, 0, 0);
    layout->addLayout(findRow, 0, 1);
    layout->addWidget(close, 0, 3);
    layout->addWidget(m_replaceEdit, 1, 0);
    layout->addWidget(m_replaceRow, 1, 1);
    layout->setColumnStretch(0, 3);
    layout->setColumnStretch(2, 2);
    m_findEdit->setMinimumWidth(fontMetrics().averageCharWidth() * 24);
    m_replaceEdit->setMinimumWidth(m_findEdit->minimumWidth());
    m_replaceEdit->setVisible(false);
    m_replaceRow->setVisible(false);

    m_recount = new QTimer(this);
    m_recount->setSingleShot(true);
    m_recount->setInterval(200);
    connect(m_recount, &QTimer::timeout, this, [this] {
        if (isVisible())
            updateStatus();
    });

    // Incremental: while the bar is open, every change of the pattern selects its first match.
    auto patternChanged = [this] {
        invalidate();
        if (isVisible())
            searchFromAnchor();
    };
    connect(m_findEdit, &QLineEdit::textChanged, this, patternChanged);
    for (QToolButton *option : {m_caseButton, m_wordsButton, m_regexButton})
        connect(option, &QToolButton::toggled, this, patternChanged);
    connect(previous, &QToolButton::clicked, this, &FindBar::findPrevious);
    connect(next, &QToolButton::clicked, this, &FindBar::findNext);
    connect(close, &QToolButton::clicked, this, &FindBar::dismiss);
    connect(replaceButton, &QToolButton::clicked, this, &FindBar::replace);
    connect(replaceAllButton, &QToolButton::clicked, this, &FindBar::replaceAll);
    m_findEdit->installEventFilter(this);
    m_replaceEdit->installEventFilter(this);
    setFocusProxy(m_findEdit);
}

FindBar::~FindBar() = default;

void FindBar::setEditor(QPlainTextEdit *editor)
{
    disconnect(m_cursorConnection);
    m_editor = editor;
    invalidate();
    watchDocument();
    if (!editor)
        return;
    m_cursorConnection = connect(editor, &QPlainTextEdit::cursorPositionChanged, this, [this] {
        if (m_moving || !m_editor)
            return;
        // The user moved: the next incremental search starts from there.
        m_anchor = m_editor->textCursor().selectionStart();
        if (isVisible() && m_matchesValid)
            updateStatus();
    });
}

void FindBar::watchDocument()
{
    QTextDocument *document = m_editor ? m_editor->document() : nullptr;
    if (document == m_document)
        return;
    disconnect(m_documentConnection);
    m_document = document;
    invalidate();
    if (!document)
        return;
    m_documentConnection = connect(document, &QTextDocument::contentsChanged, this, [this] {
        invalidate();
        if (isVisible())
            m_recount->start();
    });
}

QString FindBar::searchText() const
{
    return m_findEdit->text();
}

void FindBar::setSearchText(const QString &text)
{
    m_findEdit->setText(text);
}

QString FindBar::replacementText() const
{
    return m_replaceEdit->text();
}

void FindBar::setReplacementText(const QString &text)
{
    m_replaceEdit->setText(text);
}

bool FindBar::caseSensitive() const
{
    return m_caseButton->isChecked();
}

void FindBar::setCaseSensitive(bool on)
{
    m_caseButton->setChecked(on);
}

bool FindBar::wholeWords() const
{
    return m_wordsButton->isChecked();
}

void FindBar::setWholeWords(bool on)
{
    m_wordsButton->setChecked(on);
}

bool FindBar::regularExpression() const
{
    return m_regexButton->isChecked();
}

void FindBar::setRegularExpression(bool on)
{
    m_regexButton->setChecked(on);
}

bool FindBar::isReplaceShown() const
{
    return !m_replaceRow->isHidden();
}

int FindBar::matchCount()
{
    ensureMatches();
    return int(m_matches.size());
}

int FindBar::currentMatch()
{
    return indexOfSelection() + 1;
}

QString FindBar::status() const
{
    return m_status->text();
}

QString FindBar::errorString()
{
    ensureMatches();
    return m_error;
}

void FindBar::showFind()
{
    open(false);
}

void FindBar::showReplace()
{
    open(true);
}

void FindBar::open(bool withReplace)
{
    m_replaceEdit->setVisible(withReplace);
    m_replaceRow->setVisible(withReplace);
    if (m_editor) {
        const QTextCursor cursor = m_editor->textCursor();
        m_anchor = cursor.selectionStart();
        const QString selected = cursor.selectedText();
        // A selection over several lines is what to search in, not what to search for.
        if (!selected.isEmpty() && !selected.contains(QChar::ParagraphSeparator)) {
            m_findEdit->setText(regularExpression() ? QRegularExpression::escape(selected)
                                                    : selected);
        }
    }
    show();
    m_findEdit->selectAll();
    m_findEdit->setFocus(Qt::ShortcutFocusReason);
    updateStatus();
}

void FindBar::dismiss()
{
    hide();
    if (m_editor)
        m_editor->setFocus(Qt::OtherFocusReason);
    emit closed();
}

QRegularExpression FindBar::expression() const
{
    QString pattern = regularExpression() ? searchText() : QRegularExpression::escape(searchText());
    if (wholeWords())
        pattern = WordBefore + QStringLiteral("(?:") + pattern + QStringLiteral(")") + WordAfter;
    QRegularExpression::PatternOptions options =
        QRegularExpression::UseUnicodePropertiesOption | QRegularExpression::MultilineOption;
    if (!caseSensitive())
        options |= QRegularExpression::CaseInsensitiveOption;
    return QRegularExpression(pattern, options);
}

// The text as the regular expression sees it: positions are the document's, and paragraph
// separators become '\n' so that patterns can span lines.
QString FindBar::subject() const
{
    QString text = m_editor->document()->toRawText();
    text.replace(QChar::ParagraphSeparator, u'\n');
    return text;
}

void FindBar::invalidate()
{
    m_matchesValid = false;
    m_matches.clear();
}

void FindBar::ensureMatches()
{
    watchDocument();
    if (m_matchesValid)
        return;
    m_matchesValid = true;
    m_matches.clear();
    m_error.clear();
    if (!m_editor || searchText().isEmpty())
        return;
    if (regularExpression()) {
        // Checked alone so that the error's offset is the one in what the user typed.
        const QRegularExpression typed(searchText());
        if (!typed.isValid()) {
            const qsizetype offset = typed.patternErrorOffset();
            m_error = offset >= searchText().size()
                          ? tr("%1 at the end").arg(typed.errorString())
                          : tr("%1 at character %2").arg(typed.errorString()).arg(offset + 1);
            return;
        }
    }
    const QRegularExpression search = expression();
    if (!search.isValid()) {
        m_error = search.errorString();
        return;
    }
    const QString text = subject();
    for (auto it = search.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        m_matches.append({int(match.capturedStart()), int(match.capturedLength())});
    }
}

int FindBar::indexOfSelection()
{
    if (!m_editor)
        return -1;
    ensureMatches();
    const QTextCursor cursor = m_editor->textCursor();
    const int start = cursor.selectionStart();
    const int length = cursor.selectionEnd() - start;
    auto it = std::lower_bound(m_matches.cbegin(), m_matches.cend(), start,
                               [](const Match &m, int position) { return m.start < position; });
    for (; it != m_matches.cend() && it->start == start; ++it) {
        if (it->length == length)
            return int(it - m_matches.cbegin());
    }
    return -1;
}

void FindBar::select(int index)
{
    const Match match = m_matches.at(index);
    QTextCursor cursor = m_editor->textCursor();
    cursor.setPosition(match.start);
    cursor.setPosition(match.start + match.length, QTextCursor::KeepAnchor);
    m_moving = true;
    m_editor->setTextCursor(cursor);
    m_editor->ensureCursorVisible();
    m_moving = false;
    updateStatus();
}

void FindBar::searchFromAnchor()
{
    ensureMatches();
    if (!m_editor || m_matches.isEmpty()) {
        if (m_editor && m_editor->textCursor().hasSelection()) {
            QTextCursor cursor = m_editor->textCursor();
            cursor.setPosition(m_anchor);
            m_moving = true;
            m_editor->setTextCursor(cursor);
            m_moving = false;
        }
        updateStatus();
        return;
    }
    auto it = std::lower_bound(m_matches.cbegin(), m_matches.cend(), m_anchor,
                               [](const Match &m, int position) { return m.start < position; });
    select(it == m_matches.cend() ? 0 : int(it - m_matches.cbegin()));
}

bool FindBar::findNext()
{
    ensureMatches();
    if (!m_editor || m_matches.isEmpty()) {
        updateStatus();
        return false;
    }
    const int current = indexOfSelection();
    int index = 0;
    if (current >= 0) {
        index = (current + 1) % int(m_matches.size());
    } else {
        const int from = m_editor->textCursor().selectionEnd();
        auto it = std::lower_bound(m_matches.cbegin(), m_matches.cend(), from,
                                   [](const Match &m, int position) { return m.start < position; });
        index = it == m_matches.cend() ? 0 : int(it - m_matches.cbegin());
    }
    select(index);
    return true;
}

bool FindBar::findPrevious()
{
    ensureMatches();
    if (!m_editor || m_matches.isEmpty()) {
        updateStatus();
        return false;
    }
    const int count = int(m_matches.size());
    const int current = indexOfSelection();
    int index = count - 1;
    if (current >= 0) {
        index = (current + count - 1) % count;
    } else {
        const int from = m_editor->textCursor().selectionStart();
        auto it = std::lower_bound(m_matches.cbegin(), m_matches.cend(), from,
                                   [](const Match &m, int position) { return m.start < position; });
        index = it == m_matches.cbegin() ? count - 1 : int(it - m_matches.cbegin()) - 1;
    }
    select(index);
    return true;
}

QString FindBar::replacementFor(const QRegularExpression &search, const QString &text,
                                const Match &match) const
{
    const QString replacement = replacementText();
    if (!regularExpression())
        return replacement;
    const QRegularExpressionMatch groups =
        search.match(text, match.start, QRegularExpression::NormalMatch,
                     QRegularExpression::AnchorAtOffsetMatchOption);
    QString result;
    result.reserve(replacement.size());
    for (qsizetype i = 0; i < replacement.size(); ++i) {
        const QChar c = replacement[i];
        if (c != u'\\' || i + 1 == replacement.size()) {
            result += c;
            continue;
        }
        const QChar next = replacement[++i];
        if (next.isDigit())
            result += groups.captured(next.digitValue());
        else if (next == u'n')
            result += u'\n';
        else if (next == u't')
            result += u'\t';
        else
            result += next;
    }
    return result;
}

bool FindBar::replace()
{
    ensureMatches();
    const int current = indexOfSelection();
    if (current < 0)
        return findNext();
    const Match match = m_matches.at(current);
    const QString replacement = replacementFor(expression(), subject(), match);
    QTextCursor cursor = m_editor->textCursor();
    m_moving = true;
    cursor.insertText(replacement);
    m_editor->setTextCursor(cursor);
    m_moving = false;
    findNext();
    return true;
}

int FindBar::replaceAll()
{
    ensureMatches();
    if (!m_editor || m_matches.isEmpty()) {
        updateStatus();
        return 0;
    }
    const QList<Match> matches = m_matches;
    const QRegularExpression search = expression();
    const QString text = subject();
    QTextCursor cursor(m_editor->document());
    // One edit block: one undo step, and the document reports one change, not one per match.
    cursor.beginEditBlock();
    for (auto it = matches.crbegin(); it != matches.crend(); ++it) {
        cursor.setPosition(it->start);
        cursor.setPosition(it->start + it->length, QTextCursor::KeepAnchor);
        cursor.insertText(replacementFor(search, text, *it));
    }
    cursor.endEditBlock();
    m_recount->stop(); // the message stays until the next search
    const int count = int(matches.size());
    showMessage(count == 1 ? tr("Replaced 1") : tr("Replaced %1").arg(count), false);
    return count;
}

void FindBar::updateStatus()
{
    m_recount->stop();
    ensureMatches();
    if (!m_error.isEmpty()) {
        showMessage(m_error, true);
        return;
    }
    if (searchText().isEmpty()) {
        showMessage(QString(), false);
        return;
    }
    const int count = int(m_matches.size());
    if (count == 0) {
        showMessage(tr("No results"), true);
        return;
    }
    const int current = indexOfSelection();
    if (current >= 0)
        showMessage(tr("%1 of %2").arg(current + 1).arg(count), false);
    else
        showMessage(count == 1 ? tr("1 match") : tr("%1 matches").arg(count), false);
}

void FindBar::showMessage(const QString &message, bool error)
{
    m_status->setText(message);
    m_status->setToolTip(message);
    QPalette colours = palette();
    if (error) {
        // A red that reads on the window's background, light or dark.
        const bool dark = colours.color(QPalette::Window).lightnessF() < 0.5;
        colours.setColor(QPalette::WindowText, dark ? QColor(255, 125, 115) : QColor(175, 25, 20));
    }
    m_status->setPalette(colours);
}

void FindBar::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && isVisible())
        updateStatus();
}

bool FindBar::handleKey(QKeyEvent *event)
{
    const int key = event->key();
    const bool shift = event->modifiers() & Qt::ShiftModifier;
    const bool plain = (event->modifiers() & ~(Qt::ShiftModifier | Qt::KeypadModifier)) == 0;
    if (!plain)
        return false;
    if (key == Qt::Key_Escape) {
        dismiss();
        return true;
    }
    if (key == Qt::Key_F3) {
        shift ? findPrevious() : findNext();
        return true;
    }
    return false;
}

bool FindBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_findEdit && watched != m_replaceEdit)
        return QWidget::eventFilter(watched, event);
    if (event->type() == QEvent::ShortcutOverride) {
        // Escape and F3 belong to the bar while it has the focus, even if the window binds them.
        auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Escape || key->key() == Qt::Key_F3) &&
            (key->modifiers() & ~(Qt::ShiftModifier | Qt::KeypadModifier)) == 0) {
            event->accept();
            return true;
        }
        return false;
    }
    if (event->type() != QEvent::KeyPress)
        return false;
    auto *key = static_cast<QKeyEvent *>(event);
    if (handleKey(key))
        return true;
    if (key->key() != Qt::Key_Return && key->key() != Qt::Key_Enter)
        return false;
    const bool shift = key->modifiers() & Qt::ShiftModifier;
    if (watched == m_replaceEdit)
        replace();
    else
        shift ? findPrevious() : findNext();
    return true;
}

} // namespace Meetdown
