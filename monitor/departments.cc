#include "monitor/departments.h"

#include <set>

#include "data/embedded.h"
#include "parsers/strict_yaml.h"

namespace gapwatch {
namespace {

std::string NonEmptyString(const ConfigNode& node) {
  std::string value = node.String();
  if (value.empty()) node.Fail("must not be empty");
  return value;
}

Date ReadDate(const ConfigNode& node) {
  const std::string text = node.String();
  const auto date = Date::Parse(text);
  if (!date || text.size() != 10) node.Fail("expected a date YYYY-MM-DD, got '" + text + "'");
  return *date;
}

// A gkmlpt path segment: lower-case letters and digits only, so that it can
// be matched as a whole segment of a notice URL.
std::string ReadSlug(const ConfigNode& node) {
  std::string slug = NonEmptyString(node);
  for (const char c : slug) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
      node.Fail("'" + slug + "' is not a path segment (lower-case letters and digits)");
    }
  }
  return slug;
}

Department ReadDepartment(const ConfigNode& node) {
  node.CheckKeys({"seed_name", "name", "portal", "plan_due", "first_report_year"}, {});
  Department department;
  department.seed_name = NonEmptyString(node.Child("seed_name"));
  department.name = NonEmptyString(node.Child("name"));
  const ConfigNode portal = node.Child("portal");
  portal.CheckKeys({"slug", "names"}, {});
  department.portal_slug = ReadSlug(portal.Child("slug"));
  const ConfigNode names = portal.Child("names");
  department.portal_names = names.StringList();
  if (department.portal_names.empty()) names.Fail("expected at least one name");
  for (const std::string& name : department.portal_names) {
    if (name.empty()) names.Fail("names must not be empty");
  }
  department.plan_due = ReadDate(node.Child("plan_due"));
  department.first_report_year = node.Child("first_report_year").Int(2000, 2100);
  return department;
}

}  // namespace

std::vector<Department> DepartmentsFromYaml(const std::string& text, const std::string& file) {
  const ConfigNode root(ParseYamlText(text, file), file, "");
  root.CheckKeys({"departments"}, {});
  const ConfigNode list = root.Child("departments");
  const std::vector<ConfigNode> entries = list.Elements();
  if (entries.empty()) list.Fail("expected at least one department");
  std::vector<Department> departments;
  std::set<std::string> seed_names, slugs;
  for (const ConfigNode& entry : entries) {
    Department department = ReadDepartment(entry);
    if (!seed_names.insert(department.seed_name).second) {
      entry.Child("seed_name").Fail("department '" + department.seed_name + "' is listed twice");
    }
    if (!slugs.insert(department.portal_slug).second) {
      entry.Child("portal").Child("slug").Fail("slug '" + department.portal_slug + "' is given to two departments");
    }
    departments.push_back(std::move(department));
  }
  return departments;
}

const std::vector<Department>& OfficialDepartments() {
  static const std::vector<Department> departments =
      DepartmentsFromYaml(std::string(embedded::departments_yaml()), "data/departments.yaml");
  return departments;
}

}  // namespace gapwatch
