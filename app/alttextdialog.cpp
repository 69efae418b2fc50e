#include "alttextdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QGridLayout>
#include <QImageReader>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Meetdown {

AltTextDialog::AltTextDialog(const QList<PhotoImport> &imports, QWidget *parent)
    : QDialog(parent), m_imports(imports),
      m_askAgain(new QCheckBox(tr("Ask for alt text after every drop")))
{
    setWindowTitle(tr("Describe the Photos"));
    auto *layout = new QVBoxLayout(this);
    auto *intro =
        new QLabel(tr("Alt text is read aloud to people who cannot see the photo. The caption "
                      "is shown under it."));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *grid = new QGridLayout;
    grid->addWidget(new QLabel(tr("<b>Alt text</b>")), 0, 1);
    grid->addWidget(new QLabel(tr("<b>Caption</b> (optional)")), 0, 2);
    for (int i = 0; i < imports.size(); ++i) {
        auto *thumb = new QLabel;
        QImageReader reader(imports.at(i).writtenPath);
        const QSize size = reader.size();
        if (size.isValid())
            reader.setScaledSize(size.scaled(96, 64, Qt::KeepAspectRatio));
        thumb->setPixmap(QPixmap::fromImage(reader.read()));
        thumb->setToolTip(QFileInfo(imports.at(i).writtenPath).fileName());
        auto *alt = new QLineEdit(imports.at(i).alt);
        alt->setMinimumWidth(260);
        auto *caption = new QLineEdit;
        caption->setMinimumWidth(200);
        grid->addWidget(thumb, i + 1, 0);
        grid->addWidget(alt, i + 1, 1);
        grid->addWidget(caption, i + 1, 2);
        m_alts.append(alt);
        m_captions.append(caption);
    }
    layout->addLayout(grid);
    m_askAgain->setChecked(true);
    layout->addWidget(m_askAgain);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Insert"));
    buttons->button(QDialogButtonBox::Cancel)->setText(tr("Insert Without Changes"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    if (!m_alts.isEmpty()) {
        m_alts.first()->setFocus();
        m_alts.first()->selectAll();
    }
}

QList<PhotoImport> AltTextDialog::imports() const
{
    QList<PhotoImport> out = m_imports;
    for (int i = 0; i < out.size(); ++i) {
        out[i].alt = m_alts.at(i)->text().trimmed();
    }
    return out;
}

QStringList AltTextDialog::captions() const
{
    QStringList out;
    for (QLineEdit *c : m_captions)
        out.append(c->text().trimmed());
    return out;
}

bool AltTextDialog::askAgain() const
{
    return m_askAgain->isChecked();
}

} // namespace Meetdown
