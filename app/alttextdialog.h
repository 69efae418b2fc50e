#ifndef MEETDOWN_APP_ALTTEXTDIALOG_H
#define MEETDOWN_APP_ALTTEXTDIALOG_H

#include <editor/photoimporter.h>

#include <QDialog>

class QCheckBox;
class QLineEdit;

namespace Meetdown {

// After a drop: alt text (for readers who cannot see the photo) and an optional caption.
class AltTextDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AltTextDialog)

public:
    explicit AltTextDialog(const QList<PhotoImport> &imports, QWidget *parent = nullptr);

    QList<PhotoImport> imports() const; // with the alt text typed
    QStringList captions() const;
    bool askAgain() const;

private:
    QList<PhotoImport> m_imports;
    QList<QLineEdit *> m_alts;
    QList<QLineEdit *> m_captions;
    QCheckBox *m_askAgain;
};

} // namespace Meetdown

#endif
