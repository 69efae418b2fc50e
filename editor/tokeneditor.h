#ifndef MEETDOWN_EDITOR_TOKENEDITOR_H
#define MEETDOWN_EDITOR_TOKENEDITOR_H

#include <QStringList>
#include <QWidget>

class QCompleter;
class QLineEdit;
class QStringListModel;

namespace Meetdown {

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
    void setPlaceholderText(const QString &text);
    QLineEdit *lineEdit() const { return m_edit; }

    // Chip removal buttons are named "chipRemove" and carry the item in the property "item".
    static constexpr const char *RemoveButtonName = "chipRemove";

signals:
    void itemsChanged(const QStringList &items);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void rebuildChips();
    void commitText();
    void addItems(const QStringList &words);
    void removeItem(const QString &item);
    void onTextEdited(const QString &text);

    QStringList m_items;
    QList<QWidget *> m_chips;
    QLineEdit *m_edit = nullptr;
    QCompleter *m_completer = nullptr;
    QStringListModel *m_completions = nullptr;
    QString m_placeholder;
};

} // namespace Meetdown

#endif
