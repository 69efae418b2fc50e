// What the window tests share: answering the window's modal dialogs as a person would, finding
// menu entries by their text, and dropping files on a widget.
#ifndef MEETDOWN_TESTS_GUIUTIL_H
#define MEETDOWN_TESTS_GUIUTIL_H

#include <QApplication>
#include <QDialog>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStringList>
#include <QTimer>
#include <QUrl>

namespace GuiUtil {

// Answers the window's dialogs while it lives: each file dialog gets the next of `choices`, typed
// in full as a person may (the dialog takes an absolute path as it is), and each message box is
// accepted with its text kept.
class DialogAnswerer final : public QObject
{
public:
    explicit DialogAnswerer(const QStringList &choices) : m_choices(choices)
    {
        connect(&m_timer, &QTimer::timeout, this, &DialogAnswerer::answer);
        m_timer.start(20);
    }
    explicit DialogAnswerer(const QString &choice) : DialogAnswerer(QStringList{choice}) {}
    // The last message box's text.
    QString message() const { return m_messages.isEmpty() ? QString() : m_messages.last(); }
    QStringList messages() const { return m_messages; }
    bool choseFile() const { return m_chosen > 0; }
    // What each answered file dialog offered before the answer was typed.
    QStringList offered() const { return m_offered; }
    int filesChosen() const { return m_chosen; }

private:
    void answer()
    {
        QWidget *modal = QApplication::activeModalWidget();
        if (auto *dialog = qobject_cast<QFileDialog *>(modal)) {
            auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
            if (!name)
                return;
            if (m_chosen >= m_choices.size()) {
                static_cast<QDialog *>(dialog)->done(QDialog::Rejected);
                return;
            }
            m_offered.append(dialog->selectedFiles().value(0));
            name->setText(m_choices.at(m_chosen++));
            static_cast<QDialog *>(dialog)->done(QDialog::Accepted); // protected in QFileDialog
        } else if (auto *box = qobject_cast<QMessageBox *>(modal)) {
            m_messages.append(box->text());
            box->accept();
        }
    }

    QStringList m_choices;
    QStringList m_messages;
    QStringList m_offered;
    int m_chosen = 0;
    QTimer m_timer;
};

// The entry of the window's menus whose text (with its & mnemonic) is text.
inline QAction *menuAction(QMainWindow *window, const QString &text)
{
    for (QAction *menu : window->menuBar()->actions()) {
        if (!menu->menu())
            continue;
        for (QAction *action : menu->menu()->actions()) {
            if (action->text() == text)
                return action;
        }
    }
    return nullptr;
}

// Drags urls over target and drops them at position, as a file manager does.
inline void drop(QWidget *target, const QPoint &position, const QList<QUrl> &urls)
{
    QMimeData mime;
    mime.setUrls(urls);
    QDragEnterEvent enter(position, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &enter);
    QDragMoveEvent move(position, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &move);
    QDropEvent dropEvent(QPointF(position), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &dropEvent);
}

} // namespace GuiUtil

#endif
