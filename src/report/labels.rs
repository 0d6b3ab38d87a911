//! Words for the codes the archive stores: every enum value the schema allows (and the metrics the
//! seed uses), in Chinese and English, so the report never talks in codes such as
//! `special_party_dues`. A code without a label (a metric a later seed adds) is written with
//! spaces for underscores, never dropped.

/// (code, Chinese, English).
const LABELS: &[(&str, &str, &str)] = &[
    // donation.kind
    ("raised", "筹款", "raised"),
    ("donated", "捐赠", "donated"),
    ("special_party_dues", "特殊党费", "special party dues"),
    ("procured", "采购", "procured"),
    ("allocated", "拨付", "allocated"),
    // material.category
    ("money", "资金", "money"),
    ("protective_equipment", "防护用品", "protective equipment"),
    ("disinfection", "消毒用品", "disinfection"),
    ("medical_supplies", "医疗物资", "medical supplies"),
    ("unspecified", "未说明", "unspecified"),
    // organization.kind
    ("party_committee", "党委", "party committee"),
    ("working_committee", "工委", "working committee"),
    ("party_branch", "党支部", "party branch"),
    ("party_group", "党小组", "party group"),
    ("party_organizations", "党组织", "party organizations"),
    ("company", "企业", "company"),
    ("hospital", "医院", "hospital"),
    ("medical_lab", "医学检验机构", "medical lab"),
    ("police_bureau", "公安分局", "police bureau"),
    ("police_station", "派出所", "police station"),
    ("street", "街道", "street"),
    ("community", "社区", "community"),
    ("village", "村", "village"),
    ("park", "园区", "park"),
    ("government_office", "政府办公室", "government office"),
    ("government_department", "政府部门", "government department"),
    ("county", "县", "county"),
    ("school", "学校", "school"),
    ("university", "大学", "university"),
    ("department", "部门", "department"),
    // team.kind
    ("volunteer_team", "志愿服务队", "volunteer team"),
    ("shock_team", "突击队", "shock team"),
    ("vanguard_team", "先锋队", "vanguard team"),
    ("service_team", "服务队", "service team"),
    ("grid_team", "网格队", "grid team"),
    ("medical_team", "医疗队", "medical team"),
    ("command_post", "指挥部", "command post"),
    ("leading_group", "领导小组", "leading group"),
    ("working_group", "工作组", "working group"),
    ("inspection_group", "督查组", "inspection group"),
    ("prevention_office", "防控办", "prevention office"),
    ("prevention_group", "防控组", "prevention group"),
    ("emergency_group", "应急组", "emergency group"),
    ("mixed", "多类队伍", "mixed teams"),
    // team classes (team_kind_class)
    ("front_line_teams", "一线队伍", "front-line teams"),
    (
        "command_and_working_bodies",
        "指挥和工作机构",
        "command and working bodies",
    ),
    // figures.subject_kind
    ("zone", "园区整体", "the zone"),
    ("organization", "组织", "organization"),
    ("team", "队伍", "team"),
    ("person", "个人", "person"),
    // person.gender
    ("female", "女", "female"),
    ("male", "男", "male"),
    // figure.metric (the seed's)
    ("party_members", "党员", "party members"),
    (
        "grassroots_party_organizations",
        "基层党组织",
        "grassroots party organizations",
    ),
    (
        "continuous_work_hours",
        "连续工作时长",
        "continuous work hours",
    ),
    ("control_levels", "防控层级", "control levels"),
    (
        "department_party_organizations",
        "部门党组织",
        "department party organizations",
    ),
    ("development_time", "研发时间", "development time"),
    (
        "donating_party_organizations",
        "捐款党组织",
        "donating party organizations",
    ),
    ("employees", "员工", "employees"),
    ("family_party_members", "家庭党员", "family party members"),
    ("grid_cells", "网格", "grid cells"),
    ("guidance_documents", "指导文件", "guidance documents"),
    ("measures", "措施", "measures"),
    ("provinces_served", "服务省份", "provinces served"),
    ("teams_formed", "组建队伍", "teams formed"),
    ("units_screened", "排查单位", "units screened"),
    ("universities_served", "服务高校", "universities served"),
    (
        "villages_and_communities",
        "村和社区",
        "villages and communities",
    ),
    // paragraph.kind
    ("headline", "标题", "headline"),
    ("byline", "署名", "byline"),
    ("subheading", "小标题", "subheading"),
    ("body", "正文", "body"),
    // zone_count.basis
    ("zone total", "园区总数", "zone total"),
    ("sum of units", "下属单位之和", "sum of units"),
    ("none", "未报告", "none reported"),
];

/// `code` in Chinese and English ("特殊党费 special party dues"); an unknown code with spaces for
/// underscores.
pub fn label(code: &str) -> String {
    match LABELS.iter().find(|(c, _, _)| *c == code) {
        Some((_, zh, en)) => format!("{zh} {en}"),
        None => code.replace('_', " "),
    }
}

/// `code` in English only ("special party dues"), for places that already say it in Chinese.
pub fn english(code: &str) -> String {
    match LABELS.iter().find(|(c, _, _)| *c == code) {
        Some((_, _, en)) => (*en).to_string(),
        None => code.replace('_', " "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every value a CHECK constraint of the schema allows for these columns has a label: read
    /// from a migrated archive, where a list is `col IN ('a', 'b')` or `col = 'a' OR col = 'b'`.
    #[test]
    fn every_enum_value_of_the_schema_has_a_label() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        crate::archive::migrate(&mut conn, std::path::Path::new(":memory:")).unwrap();
        let tables: Vec<String> = conn
            .prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND sql IS NOT NULL")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let mut checked = 0;
        for schema in &tables {
            for column in ["kind", "category", "gender"] {
                let in_list = format!("CHECK ({column} IN (");
                let listed = schema
                    .split(in_list.as_str())
                    .skip(1)
                    .flat_map(|part| part.split("))").next().unwrap().split(','));
                let comparison = format!("{column} = '");
                let compared = schema
                    .split(comparison.as_str())
                    .skip(1)
                    .map(|part| part.split('\'').next().unwrap());
                for code in listed.chain(compared) {
                    let code = code.trim().trim_matches('\'');
                    assert!(
                        LABELS.iter().any(|(c, _, _)| *c == code),
                        "no label for {column} {code}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 40, "{checked}");
        assert_eq!(label("special_party_dues"), "特殊党费 special party dues");
        assert_eq!(label("brand_new_metric"), "brand new metric");
    }
}
