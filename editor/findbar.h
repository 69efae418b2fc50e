#ifndef MEETDOWN_EDITOR_FINDBAR_H
#define MEETDOWN_EDITOR_FINDBAR_H

#include <QList>
#include <QPointer>
#include <QRegularExpression>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTextDocument;
class QTimer;
class QToolButton;

namespace Meetdown {

// Find and replace over a QPlainTextEdit, shown under it. Searching is incremental (the first
// match from where the search began is selected while typing), the bar counts matches ("3 of 12")
// and a pattern that does not compile is reported in the bar. Matches are found in the whole
// text at once, so a regular expression may span lines (`\n`), and ^ and $ match at line ends.
// Replace all is one undo step.
class FindBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FindBar)
public:
    explicit FindBar(QWidget *parent = nullptr);
    ~FindBar() override;

    void setEditor(QPlainTextEdit *editor);
    QPlainTextEdit *editor() const { return m_editor; }

    QString searchText() const;
    void setSearchText(const QString &text);
    QString replacementText() const;
    void setReplacementText(const QString &text);
    bool caseSensitive() const;
    void setCaseSensitive(bool on);
    bool wholeWords() const;
    void setWholeWords(bool on);
    // The search text is a QRegularExpression; the replacement may use \0 to \9 for its groups,
    // and \n, \t and \\.
    bool regularExpression() const;
    void setRegularExpression(bool on);
    bool isReplaceShown() const;

    int matchCount();
    // 1-based index of the match the editor's selection is, or 0.
    int currentMatch();
    // What the bar shows: "3 of 12", "No results", the pattern's error, "Replaced 12".
    QString status() const;
    // Empty unless the regular expression does not compile.
    QString errorString();

public slots:
    // Open the bar with the editor's selection, if any, as the search text.
    void showFind();
    void showReplace();
    bool findNext();
    bool findPrevious();
    // Replaces the selected match and selects the next one; selects the next match when the
    // selection is none.
    bool replace();
    int replaceAll();
    // Hides the bar and gives the focus back to the editor.
    void dismiss();

signals:
    void closed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Match
    {
        int start = 0;
        int length = 0;
    };

    void open(bool withReplace);
    QRegularExpression expression() const;
    QString subject() const;
    void ensureMatches();
    void invalidate();
    int indexOfSelection();
    void select(int index);
    void searchFromAnchor();
    QString replacementFor(const QRegularExpression &expression, const QString &subject,
                           const Match &match) const;
    void updateStatus();
    void showMessage(const QString &message, bool error);
    bool handleKey(QKeyEvent *event);

    // The editor's document can be swapped after setEditor(); the bar follows it lazily.
    void watchDocument();

    QPointer<QPlainTextEdit> m_editor;
    QPointer<QTextDocument> m_document;
    QMetaObject::Connection m_cursorConnection;
    QMetaObject::Connection m_documentConnection;
    QLineEdit *m_findEdit = nullptr;
    QLineEdit *m_replaceEdit = nullptr;
    QLabel *m_status = nullptr;
    QToolButton *m_caseButton = nullptr;
    QToolButton *m_wordsButton = nullptr;
    QToolButton *m_regexButton = nullptr;
    QWidget *m_replaceRow = nullptr;
    QTimer *m_recount = nullptr;

    QList<Match> m_matches;
    bool m_matchesValid = false;
    QString m_error;
    int m_anchor = 0;      // where an incremental search starts
    bool m_moving = false; // the bar itself is moving the editor's cursor
};

} // namespace Meetdown

#endif
