#ifndef MEETDOWN_EDITOR_TOKENEDITOR_H
#define MEETDOWN_EDITOR_TOKENEDITOR_H

#include <QLayout>
#include <QStringList>
#include <QWidget>

class QCompleter;
class QLineEdit;
class QStringListModel;

namespace Meetdown {

// Lays items out left to right and wraps them to the next line when the width runs out, so a
// long tag list or a row of buttons grows downwards instead of widening (or being cut off by) a
// narrow pane. Items that expand horizontally (a line edit) start from their minimum width and
// share what is left of their line, up to their maximum width; the others get their size hint.
// Items on one line are centered on it vertically.
class FlowLayout final : public QLayout
{
public:
    explicit FlowLayout(QWidget *parent = nullptr);
    ~FlowLayout() override;

    void addItem(QLayoutItem *item) override;
    void insertWidgetAt(int index, QWidget *widget);
    int count() const override;
    QLayoutItem *itemAt(int index) const override;
    QLayoutItem *takeAt(int index) override;
    Qt::Orientations expandingDirections() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    void setGeometry(const QRect &rect) override;
    QSize sizeHint() const override;
    QSize minimumSize() const override;

    // The width sizeHint asks for; -1 (the default) is everything on one line.
    void setPreferredWidth(int width);

private:
    int arrange(const QRect &rect, bool apply) const;

    QList<QLayoutItem *> m_items;
    int m_preferredWidth = -1;
};

// Tags or categories as removable chips followed by a line edit: Enter or a comma adds what was
// typed, × or Backspace in the empty line edit removes. Only what the user does emits
// itemsChanged, so the model can push its value back with setItems without a loop.
class TokenEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenEditor)
public:
    explicit TokenEditor(QWidget *parent = nullptr);
    ~TokenEditor() override;

    QStringList items() const { return m_items; }
    // From the model: no signal, and text being typed stays.
    void setItems(const QStringList &items);
    void setCompletions(const QStringList &words);
    // When not empty, only these items can be added (a word typed in another case takes the
    // allowed spelling); other words stay in the line edit and are reported with itemsRejected.
    // Items set with setItems are shown whatever they are.
    void setAllowedItems(const QStringList &items);
    QStringList allowedItems() const { return m_allowed; }
    void setPlaceholderText(const QString &text);
    QLineEdit *lineEdit() const { return m_edit; }
    // Adds what is typed in the line edit, as Enter would (and emits itemsChanged if it adds).
    void commitText();

    // Chip removal buttons are named "chipRemove" and carry the item in the property "item".
    static constexpr const char *RemoveButtonName = "chipRemove";

signals:
    void itemsChanged(const QStringList &items);
    void itemsRejected(const QStringList &words);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void rebuildChips();
    // Returns the words it refused (see setAllowedItems).
    QStringList addItems(const QStringList &words);
    void removeItem(const QString &item);
    void onTextEdited(const QString &text);

    QStringList m_items;
    QStringList m_allowed;
    QList<QWidget *> m_chips;
    QLineEdit *m_edit = nullptr;
    QCompleter *m_completer = nullptr;
    QStringListModel *m_completions = nullptr;
    QString m_placeholder;
};

} // namespace Meetdown

#endif
