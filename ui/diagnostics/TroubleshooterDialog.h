#pragma once
// TroubleshooterDialog: "why is this device not green?" for one device, as the six steps of the
// DeviceTroubleshooter with a green tick, a red cross or a grey "cannot be checked from here",
// what was found, what to do and the evidence. The steps come from core; the dialog presents
// them and leads to the raw frames of the device so the operator can see the same bytes.

#include "diagnostics/DeviceTroubleshooter.h"

#include <QDialog>
#include <QIcon>

QT_BEGIN_NAMESPACE
class QLabel;
class QPushButton;
class QTreeWidget;
QT_END_NAMESPACE

namespace fw {

class TroubleshooterDialog : public QDialog
{
    Q_OBJECT
public:
    explicit TroubleshooterDialog(const QString &uniqueId, QWidget *parent = nullptr);

    QString uniqueId() const { return m_uniqueId; }
    void setDeviceTitle(const QString &title); // e.g. "Truck 12 (123456789012345)"
    void setSteps(const QList<TroubleshootStep> &steps);
    const QList<TroubleshootStep> &steps() const { return m_steps; }
    QTreeWidget *stepList() const { return m_tree; }

    static QIcon verdictIcon(TroubleshootStep::Verdict verdict);
    static QString verdictTitle(TroubleshootStep::Verdict verdict); // translated

signals:
    void showRawFramesRequested(const QString &uniqueId);
    void rerunRequested(const QString &uniqueId);

private:
    QString m_uniqueId;
    QList<TroubleshootStep> m_steps;
    QLabel *m_header;
    QLabel *m_summary;
    QTreeWidget *m_tree;
    QPushButton *m_rawButton;
    QPushButton *m_rerunButton;
};

} // namespace fw
