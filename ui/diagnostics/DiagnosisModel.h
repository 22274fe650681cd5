#pragma once
// DiagnosisModel: the fleet diagnosis's findings as a tree (finding -> devices, evidence lines,
// what to do), updated in place. The reporter sends the whole list every few seconds; a finding
// that is still there keeps its row (so what the operator expanded stays expanded and a button
// beside it stays under the mouse), only what changed is announced, new findings are inserted,
// gone ones removed, and moves are real moves. Findings are matched by identity(), not by text.

#include "diagnostics/FleetDiagnosis.h"

#include <QAbstractItemModel>

#include <memory>
#include <vector>

namespace fw {

class DiagnosisModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { TitleColumn, ActionColumn, ColumnCount };
    enum Kind { FindingItem, DevicesItem, EvidenceItem, EvidenceLineItem, ActionItem };
    enum Role {
        KindRole = Qt::UserRole + 1, // Kind
        FindingIdRole, // "unknown-devices", "listener-down", ...
        SeverityRole, // Finding::Severity
        DeviceIdRole, // the one device a row is about (activating it selects the device)
        ProtocolRole, // protocol of an unknown device (for registration)
    };

    explicit DiagnosisModel(QObject *parent = nullptr);
    ~DiagnosisModel() override;

    void setFindings(const QList<Finding> &findings);
    const QList<Finding> &findings() const { return m_findings; }
    // What makes two findings "the same" across refreshes: kind, port, device or group.
    static QString identity(const Finding &finding);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    struct Item;
    Item *itemOf(const QModelIndex &index) const;
    QModelIndex indexOf(const Item *item, int column = 0) const;
    std::unique_ptr<Item> makeFinding(const Finding &finding) const;
    // Brings `item`'s children (kind, text) to `wanted`'s, row by row, in place.
    void syncChildren(Item *item, const Item &wanted);
    void syncFields(Item *item, const Item &wanted);

    std::unique_ptr<Item> m_root;
    QList<Finding> m_findings;
};

} // namespace fw
