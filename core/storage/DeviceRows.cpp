#include "DeviceRows.h"

#include "SqlTime.h"

using namespace Qt::StringLiterals;

namespace fw::DeviceRows {

const QStringList kColumns = {
    u"unique_id"_s,
    u"name"_s,
    u"model"_s,
    u"protocol"_s,
    u"phone"_s,
    u"carrier"_s,
    u"group_name"_s,
    u"offline_timeout_secs"_s,
    u"blocked"_s,
    u"blocked_until"_s,
    u"registered_at"_s,
    u"password"_s,
};

const QString kSelect = u"SELECT "_s + kColumns.join(u", "_s) + u" FROM devices"_s;

namespace {
QVariant timeValue(TimeMs t)
{
    return t == kNoTime ? QVariant(QMetaType::fromType<qlonglong>()) : QVariant(qlonglong(t));
}
} // namespace

void bind(QSqlQuery &q, const Device &d)
{
    int i = 0;
    q.bindValue(i++, d.uniqueId);
    q.bindValue(i++, d.name);
    q.bindValue(i++, d.model);
    q.bindValue(i++, d.protocol);
    q.bindValue(i++, d.phone);
    q.bindValue(i++, d.carrier);
    q.bindValue(i++, d.group);
    q.bindValue(i++, qlonglong(d.offlineTimeoutSecs));
    q.bindValue(i++, d.blocked);
    q.bindValue(i++, timeValue(d.blockedUntil));
    q.bindValue(i++, timeValue(d.registeredAt));
    q.bindValue(i++, d.password);
}

Device read(const QSqlQuery &q)
{
    Device d;
    d.uniqueId = q.value(0).toString();
    d.name = q.value(1).toString();
    d.model = q.value(2).toString();
    d.protocol = q.value(3).toString();
    d.phone = q.value(4).toString();
    d.carrier = q.value(5).toString();
    d.group = q.value(6).toString();
    d.offlineTimeoutSecs = q.value(7).toLongLong();
    d.blocked = q.value(8).toBool();
    d.blockedUntil = sqlTime(q.value(9));
    d.registeredAt = sqlTime(q.value(10));
    d.password = q.value(11).toString();
    return d;
}

QString idError(const QString &uniqueId)
{
    return u"invalid device id \""_s + uniqueId
        + u"\": use 1 to 64 printable ASCII characters without spaces or commas"_s;
}

} // namespace fw::DeviceRows
