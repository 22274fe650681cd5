#pragma once
// NotifyTr: the one translation context of the notify library ("fw::notify"). Texts of this
// library that reach a person (mail subjects and bodies, delivery errors) go through
// NotifyTr::tr(), so lupdate files them together.

#include <QCoreApplication>

namespace fw {

struct NotifyTr
{
    Q_DECLARE_TR_FUNCTIONS(fw::notify)
};

} // namespace fw
