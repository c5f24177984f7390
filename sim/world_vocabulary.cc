#include "sim/world_vocabulary.h"

namespace gapwatch::sim {

const std::vector<Region>& Regions() {
  static const std::vector<Region> regions = {
      {"440200", "韶关市本级", "SG"}, {"440203", "武江区", "WJ"},         {"440204", "浈江区", "ZJ"},
      {"440205", "曲江区", "QJ"},     {"440222", "始兴县", "SX"},         {"440224", "仁化县", "RH"},
      {"440229", "翁源县", "WY"},     {"440232", "乳源瑶族自治县", "RY"}, {"440233", "新丰县", "XF"},
      {"440281", "乐昌市", "LC"},     {"440282", "南雄市", "NX"},
  };
  return regions;
}

size_t RegionIndex(const std::string& code) {
  const auto& regions = Regions();
  for (size_t i = 0; i < regions.size(); ++i) {
    if (code == regions[i].code) return i;
  }
  return regions.size();
}

const std::vector<BuyerProfile>& ProcurementBuyers() {
  static const std::vector<BuyerProfile> buyers = {
      {"韶关市财政局", "440200", "韶关市武江区惠民南路68号", kGovernment},
      {"韶关市教育局", "440200", "韶关市浈江区解放路33号", kSchool | kGovernment},
      {"韶关市第一人民医院", "440200", "韶关市浈江区东堤中路120号", kHospital},
      {"韶关市公安局", "440200", "韶关市武江区芙蓉东路6号", kPolice | kGovernment},
      {"韶关市交通运输局", "440200", "韶关市浈江区工业中路18号", kPolice | kGovernment},
      {"韶关市自然资源局", "440200", "韶关市武江区沿江路16号", kLand | kGovernment},
      {"韶关市政务服务和数据管理局", "440200", "韶关市武江区百旺路2号", kGovernment},
      {"韶关学院", "440200", "韶关市浈江区大学路288号", kSchool},
      {"乐昌市人民政府办公室", "440281", "乐昌市乐城街道人民中路1号", kGovernment},
      {"南雄市卫生健康局", "440282", "南雄市雄州街道永康路9号", kHospital | kGovernment},
      {"仁化县教育局", "440224", "仁化县丹霞街道建设路21号", kSchool | kGovernment},
      {"始兴县人民医院", "440222", "始兴县太平镇墨江路45号", kHospital},
      {"翁源县农业农村局", "440229", "翁源县龙仙镇建设二路7号", kFarming | kGovernment},
      {"乳源瑶族自治县中医院", "440232", "乳源瑶族自治县乳城镇鹰峰东路3号", kHospital},
      {"新丰县水务局", "440233", "新丰县丰城街道人民东路12号", kWater | kGovernment},
      {"韶关市武江区教育局", "440203", "韶关市武江区新华南路10号", kSchool | kGovernment},
      {"韶关市浈江区城市管理和综合执法局", "440204", "韶关市浈江区风度北路52号", kPolice | kGovernment},
      {"韶关市曲江区人民医院", "440205", "韶关市曲江区马坝镇南华路15号", kHospital},
  };
  return buyers;
}

const std::vector<BuyerProfile>& ConstructionOwners() {
  static const std::vector<BuyerProfile> owners = {
      {"韶关市城市投资发展集团有限公司", "440200", "韶关市武江区工业西路95号", kGovernment},
      {"韶关市交通实业投资有限公司", "440200", "韶关市浈江区南堤路16号", kGovernment},
      {"韶关市住房和城乡建设管理局", "440200", "韶关市武江区惠民北路5号", kGovernment},
      {"韶关市水务局", "440200", "韶关市浈江区北江南路2号", kWater},
      {"韶关市第一人民医院", "440200", "韶关市浈江区东堤中路120号", kHospital},
      {"韶关学院", "440200", "韶关市浈江区大学路288号", kSchool},
      {"南雄市城市建设投资有限公司", "440282", "南雄市雄州街道雄州大道8号", kGovernment},
      {"乐昌市住房和城乡建设管理局", "440281", "乐昌市乐城街道公园路18号", kGovernment},
      {"翁源县水务局", "440229", "翁源县龙仙镇建设一路3号", kWater},
      {"仁化县交通运输局", "440224", "仁化县丹霞街道环城路33号", kGovernment},
      {"始兴县教育局", "440222", "始兴县太平镇兴平路6号", kSchool},
      {"新丰县农业农村局", "440233", "新丰县丰城街道文化路10号", kFarming},
      {"乳源瑶族自治县人民医院", "440232", "乳源瑶族自治县乳城镇鹰峰西路8号", kHospital},
      {"韶关市曲江区住房和城乡建设管理局", "440205", "韶关市曲江区马坝镇府前路1号", kGovernment},
      {"韶关市浈江区教育局", "440204", "韶关市浈江区和平路12号", kSchool},
      {"韶关市武江区农业农村局", "440203", "韶关市武江区新华北路21号", kFarming},
  };
  return owners;
}

const std::vector<AgencyProfile>& ProcurementAgencies() {
  static const std::vector<AgencyProfile> agencies = {
      {"广东省机电设备招标中心有限公司", "广州市越秀区东风东路836号东峻广场3座", "020-", "GDJY",
       CodeStyle::kDatedSerial},
      {"广东省政府采购中心", "广州市天河区天河路351号广东外经贸大厦", "020-", "GPCGD", CodeStyle::kCentreSerial},
      {"广东华禹工程咨询有限公司", "广州市海珠区新港东路1068号中洲交易中心", "020-", "4188-",
       CodeStyle::kNumberedGroup},
      {"韶关市韶诚招标代理有限公司", "韶关市浈江区十里亭镇工业东路18号", "0751-", "SGZB", CodeStyle::kYearCg},
      {"广东粤北招标采购有限公司", "韶关市武江区西联镇沐溪大道66号", "0751-", "YBZC", CodeStyle::kDatedSerial},
  };
  return agencies;
}

const std::vector<AgencyProfile>& ConstructionAgencies() {
  static const std::vector<AgencyProfile> agencies = {
      {"广东华禹工程咨询有限公司", "广州市海珠区新港东路1068号中洲交易中心", "020-", "", CodeStyle::kYearCg},
      {"韶关市建设工程造价咨询有限公司", "韶关市武江区沿江路22号", "0751-", "", CodeStyle::kYearCg},
      {"广东粤北招标采购有限公司", "韶关市武江区西联镇沐溪大道66号", "0751-", "", CodeStyle::kYearCg},
      {"广东省建科建筑设计院有限公司", "广州市越秀区先烈东路121号", "020-", "", CodeStyle::kYearCg},
  };
  return agencies;
}

const std::vector<ProcurementSubject>& ProcurementSubjects() {
  static const std::vector<ProcurementSubject> subjects = {
      {"办公设备采购项目",
       "台式计算机,打印设备,复印机",
       "科技",
       "合同签订后30日内交货并安装调试完毕",
       kAnyBuyer,
       {{"台式计算机", "台", 20, 200}, {"激光打印机", "台", 10, 60}, {"数字复印机", "台", 2, 12}}},
      {"信息化系统建设项目",
       "应用软件开发服务,运行维护服务",
       "信息技术",
       "合同签订后180日内完成建设并通过验收",
       kAnyBuyer,
       {{"业务管理系统开发", "项", 1, 1}, {"系统运行维护服务", "项", 1, 1}}},
      {"物业管理服务采购项目",
       "物业管理服务",
       "物业管理",
       "服务期限为合同签订之日起1年",
       kAnyBuyer,
       {{"办公区物业管理服务", "项", 1, 1}, {"安保服务", "项", 1, 1}}},
      {"医疗设备采购项目",
       "医用电子仪器设备,医用超声波仪器及设备",
       "医疗器械",
       "合同签订后60日内交货并安装调试完毕",
       kHospital,
       {{"彩色多普勒超声诊断仪", "台", 1, 3}, {"多参数监护仪", "台", 5, 30}, {"除颤监护仪", "台", 2, 8}}},
      {"食堂食材配送服务项目",
       "餐饮服务",
       "农业发展",
       "服务期限为合同签订之日起2年",
       kHospital | kSchool,
       {{"大米、食用油及干货配送", "项", 1, 1}, {"蔬菜、肉类配送", "项", 1, 1}}},
      {"教学设备采购项目",
       "教学仪器,多媒体设备",
       "教育装备",
       "合同签订后45日内交货并安装调试完毕",
       kSchool,
       {{"交互式智能平板", "台", 20, 120}, {"学生实验仪器", "批", 1, 4}, {"录播教室设备", "套", 1, 6}}},
      {"执法车辆采购项目",
       "乘用车",
       "汽车销售",
       "合同签订后60日内交付",
       kPolice,
       {{"执法执勤车辆", "辆", 2, 12}, {"新能源巡逻车", "辆", 2, 8}}},
      {"视频监控系统升级改造项目",
       "视频监控设备,安全技术防范服务",
       "智能科技",
       "合同签订后90日内完成并通过验收",
       kPolice | kGovernment,
       {{"高清网络摄像机", "台", 50, 400}, {"视频存储及平台扩容", "套", 1, 2}}},
      {"高标准农田建设监理服务项目",
       "工程监理服务",
       "工程咨询",
       "服务期限至项目竣工验收",
       kFarming,
       {{"高标准农田建设监理", "项", 1, 1}}},
      {"水质监测设备采购项目",
       "环境监测仪器",
       "环保科技",
       "合同签订后60日内交货并安装调试完毕",
       kWater,
       {{"在线水质监测站", "套", 2, 10}, {"便携式水质分析仪", "台", 4, 20}}},
      {"不动产登记数据整合服务项目",
       "测绘服务,数据处理服务",
       "测绘",
       "合同签订后240日内完成",
       kLand,
       {{"不动产登记数据整合", "项", 1, 1}, {"地籍测绘", "项", 1, 1}}},
  };
  return subjects;
}

const std::vector<WorksSubject>& WorksSubjects() {
  static const std::vector<WorksSubject> subjects = {
      {"市政道路改造工程", "48", "市政工程", 800, 6000, 180, 365},
      {"污水管网建设工程", "78", "市政工程", 600, 4500, 150, 300},
      {"教学楼建设工程", "47", "建设工程", 1500, 9000, 300, 540},
      {"河道综合整治工程", "76", "水利水电工程", 700, 5000, 180, 360},
      {"农村公路安全生命防护工程", "48", "路桥工程", 300, 1800, 90, 180},
      {"门诊综合楼改扩建工程", "47", "建设工程", 2000, 12000, 360, 720},
      {"高标准农田建设工程", "05", "农业工程", 400, 2500, 120, 240},
      {"供水管网改造工程", "78", "水利水电工程", 500, 3000, 120, 270},
  };
  return subjects;
}

const std::vector<LandUse>& LandUses() {
  static const std::vector<LandUse> uses = {
      {"城镇住宅用地", 70, 8000, 60000, 1200, 3200},
      {"商务金融用地", 40, 3000, 20000, 1500, 4000},
      {"工业用地", 50, 10000, 80000, 180, 320},
  };
  return uses;
}

const std::vector<PropertyItem>& PropertyItems() {
  static const std::vector<PropertyItem> items = {
      {"所持子公司100%股权", "股权", 800, 9000},
      {"闲置厂房及附属设施", "实物资产", 300, 2500},
      {"临街商铺五年租赁权", "租赁权", 20, 300},
      {"报废车辆及设备一批", "实物资产", 5, 80},
  };
  return items;
}

const std::vector<BuyerProfile>& PropertyOwners() {
  static const std::vector<BuyerProfile> owners = {
      {"韶关市城市投资发展集团有限公司", "440200", "韶关市武江区工业西路95号", kGovernment},
      {"韶关市工业资产经营有限公司", "440200", "韶关市浈江区风度中路99号", kGovernment},
      {"韶关市交通实业投资有限公司", "440200", "韶关市浈江区南堤路16号", kGovernment},
      {"南雄市国有资产经营有限公司", "440282", "南雄市雄州街道林荫路2号", kGovernment},
  };
  return owners;
}

const std::vector<CreditAuthority>& CreditAuthorities() {
  static const std::vector<CreditAuthority> authorities = {
      {"韶关市市场监督管理局", "韶市监罚", "韶市监许", "食品经营许可证", "预包装食品销售、热食类食品制售",
       "违反食品安全管理规定", "经营超过保质期的食品", "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"},
      {"韶关市生态环境局", "韶环罚", "韶环审", "排污许可证", "按证排放大气污染物、水污染物", "违反大气污染防治管理规定",
       "未采取有效措施防治扬尘污染", "《中华人民共和国大气污染防治法》第一百一十五条第一款"},
      {"韶关市住房和城乡建设管理局", "韶住建罚", "韶住建许", "建筑工程施工许可证", "房屋建筑工程施工",
       "违反建设工程质量管理规定", "未按照工程设计图纸施工", "《建设工程质量管理条例》第六十四条"},
      {"韶关市交通运输局", "韶交罚", "韶交许", "道路运输经营许可证", "普通货物道路运输", "违反道路运输管理规定",
       "未按规定对车辆进行年度审验", "《中华人民共和国道路运输条例》第七十条"},
  };
  return authorities;
}

const std::vector<DepartmentProfile>& SeedDepartments() {
  static const std::vector<DepartmentProfile> departments = {
      {"市发改局", "韶关市发展和改革局", "韶关市发展和改革局", "sgsfgj"},
      {"市经信局", "韶关市经济和信息化局", "韶关市工业和信息化局", "sgsgxj"},
      {"市财政局", "韶关市财政局", "韶关市财政局", "sgsczj"},
      {"市住管局", "韶关市住房和城乡建设管理局", "韶关市住房和城乡建设管理局", "sgszjj"},
      {"市农业局", "韶关市农业局", "韶关市农业农村局", "sgsnyncj"},
      {"市卫计局", "韶关市卫生和计划生育局", "韶关市卫生健康局", "sgswsjkj"},
      {"市水务局", "韶关市水务局", "韶关市水务局", "sgsswj"},
      {"市审计局", "韶关市审计局", "韶关市审计局", "sgssjj"},
      {"市交通运输局", "韶关市交通运输局", "韶关市交通运输局", "sgsjtysj"},
      {"市林业局", "韶关市林业局", "韶关市林业局", "sgslyj"},
      {"市国土资源局", "韶关市国土资源局", "韶关市自然资源局", "sgszrzyj"},
      {"市环保局", "韶关市环境保护局", "韶关市生态环境局", "sgssthjj"},
      {"市国资委", "韶关市人民政府国有资产监督管理委员会", "韶关市人民政府国有资产监督管理委员会", "sgsgzw"},
      {"市税务局", "韶关市地方税务局", "国家税务总局韶关市税务局", "sgsswuj"},
  };
  return departments;
}

const std::vector<SupplierHome>& SupplierHomes() {
  static const std::vector<SupplierHome> homes = {
      {"韶关市", "440204", "韶关市浈江区南郊工业园1栋", "0751-"},
      {"广州市", "440106", "广州市天河区科韵路16号", "020-"},
      {"深圳市", "440305", "深圳市南山区科技园南区8号", "0755-"},
      {"佛山市", "440605", "佛山市南海区桂城街道海八路12号", "0757-"},
      {"广东", "440203", "韶关市武江区甘棠工业园C区", "0751-"},
  };
  return homes;
}

const std::vector<const char*>& TradeNames() {
  static const std::vector<const char*> names = {"华信", "粤韶", "丹霞", "南岭", "北江", "曲韶",   "芙蓉",
                                                 "帽峰", "浈武", "韶华", "南华", "风采", "中兴韶", "珠玑"};
  return names;
}

const std::vector<const char*>& BlacklistTradeCharacters() {
  static const std::vector<const char*> characters = {"恒", "泰", "永", "盛", "隆", "发", "宏", "远", "鑫", "达",
                                                      "旺", "昌", "瑞", "祥", "顺", "佳", "福", "源", "通", "利",
                                                      "丰", "嘉", "德", "盈", "润", "锦", "辉", "鸿", "运", "金",
                                                      "诚", "森", "海", "天", "启", "明", "凯", "安", "晟", "创"};
  return characters;
}

const std::vector<const char*>& Surnames() {
  static const std::vector<const char*> names = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                                 "徐", "孙", "朱", "胡", "郭", "何", "林", "罗", "梁", "谢"};
  return names;
}

const std::vector<const char*>& GivenNames() {
  static const std::vector<const char*> names = {"伟",   "芳",   "敏",   "静",   "强",   "磊",   "军",   "洋",
                                                 "勇",   "艳",   "杰",   "娟",   "涛",   "明",   "超",   "秀英",
                                                 "建华", "志强", "海燕", "国庆", "丽华", "文斌", "晓东", "永红"};
  return names;
}

const std::vector<const char*>& TerminationReasons() {
  static const std::vector<const char*> reasons = {
      "因采购需求发生重大变化，经采购人研究决定终止本项目采购活动。",
      "因项目预算调整，经采购人研究决定终止本项目采购活动。",
      "因投标截止时间届满时提交投标文件的供应商不足三家，本项目采购活动终止。",
  };
  return reasons;
}

}  // namespace gapwatch::sim
