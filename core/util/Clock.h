#pragma once
// Clock: where every part of FleetWatch gets "now". Injected rather than read from the system so
// the status rules, deadlines and diagnostics are testable without sleeping: tests drive a
// ManualClock forward and everything that waits on time reacts to its `advanced` signal.

#include "TimeUtil.h"

#include <QObject>

namespace fw {

class Clock : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    virtual TimeMs now() const = 0;

signals:
    // Emitted when time moved other than by its natural flow (a manual clock stepped). Things
    // holding deadlines re-check them.
    void advanced();
};

class SystemClock final : public Clock
{
    Q_OBJECT
public:
    using Clock::Clock;
    TimeMs now() const override;
};

class ManualClock final : public Clock
{
    Q_OBJECT
public:
    explicit ManualClock(TimeMs start, QObject *parent = nullptr);
    TimeMs now() const override { return m_now; }
    void setNow(TimeMs t);
    void advance(TimeMs delta) { setNow(m_now + delta); }

private:
    TimeMs m_now;
};

} // namespace fw
