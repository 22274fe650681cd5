#pragma once
// Several Qt Test classes in one executable keep the build lean. Each test file ends with
// FW_TEST_CLASS(ClassName); TestMain.cpp runs every registered class and fails if any fails.

#include <QObject>
#include <functional>
#include <memory>
#include <vector>

namespace fw::test {

using Factory = std::function<std::unique_ptr<QObject>()>;
std::vector<std::pair<const char *, Factory>> &registry();

template <typename T>
struct Registrar
{
    explicit Registrar(const char *name)
    {
        registry().emplace_back(name, [] { return std::make_unique<T>(); });
    }
};

} // namespace fw::test

#define FW_TEST_CLASS(Class) static const fw::test::Registrar<Class> s_fwTestRegistrar_##Class(#Class);
