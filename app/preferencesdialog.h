#ifndef MEETDOWN_APP_PREFERENCESDIALOG_H
#define MEETDOWN_APP_PREFERENCESDIALOG_H

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace Meetdown {

// The few settings there are, read from and written to QSettings.
class PreferencesDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreferencesDialog)

public:
    explicit PreferencesDialog(QWidget *parent = nullptr);
    void accept() override;

private:
    QLineEdit *m_author;
    QSpinBox *m_maxWidth;
    QCheckBox *m_askAltText;
    QCheckBox *m_remoteImages;
    QComboBox *m_style;
    QLineEdit *m_styleFile;
    QPushButton *m_chooseStyleFile;
};

} // namespace Meetdown

#endif
