/**
 * Vocabulary for realistic demo data: common surnames weighted roughly by frequency, given-name
 * characters by sex, region codes (GB/T 2260) for ID numbers of locals and of people from
 * elsewhere, and the phrases of visit diaries, disputes and incidents.
 */
import type { Random } from './random.js'

const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 72], ['李', 70], ['张', 68], ['刘', 53], ['陈', 45], ['杨', 31], ['黄', 24], ['赵', 20], ['吴', 19], ['周', 19],
  ['徐', 15], ['孙', 14], ['马', 13], ['朱', 12], ['胡', 11], ['郭', 11], ['何', 10], ['高', 9], ['林', 9], ['罗', 9],
  ['郑', 8], ['梁', 7], ['谢', 6], ['宋', 6], ['唐', 6], ['许', 5], ['韩', 5], ['冯', 5], ['邓', 5], ['曹', 5],
  ['彭', 4], ['曾', 4], ['肖', 4], ['田', 4], ['董', 4], ['袁', 3], ['潘', 3], ['于', 3], ['蒋', 3], ['蔡', 3],
  ['余', 3], ['杜', 3], ['叶', 3], ['程', 3], ['苏', 3], ['魏', 2], ['吕', 2], ['丁', 2], ['任', 2], ['沈', 2],
]
const MALE = '伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘'
const FEMALE = '秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝丽阳妮宝贝初程梵罡恒鸿桦骅剑娇纪宽苛灵玛媚琪晴容睿烁堂唯威韦雯苇萱阅彦宇雨洋忠宗曼紫逸贤蝶菡绿蓝儿翠烟'

export function surname(random: Random): string {
  return random.weighted(SURNAMES)
}

export function givenName(random: Random, sex: '男' | '女'): string {
  const pool = sex === '男' ? MALE : FEMALE
  const one = () => pool[random.int(0, pool.length - 1)]!
  return random.chance(0.7) ? one() + one() : one()
}

/** County-level region codes of the demo township's county and of places migrants come from. */
export const LOCAL_REGION = '320581'
export const OTHER_REGIONS: readonly (readonly [string, string])[] = [
  ['411526', '河南省信阳市潢川县'], ['342221', '安徽省宿州市砀山县'], ['513029', '四川省达州市大竹县'], ['362424', '江西省吉安市新干县'],
  ['431024', '湖南省郴州市嘉禾县'], ['520422', '贵州省安顺市普定县'], ['370826', '山东省济宁市微山县'], ['612726', '陕西省榆林市定边县'],
]

export const VILLAGE_NAMES = ['青石村', '柳湾村', '桃源村', '东岗村', '西河村', '南塘村', '北山村', '杏花村', '石桥村', '龙泉村', '新民村'] as const
export const TOWNSHIP = '青山镇'

export const NEEDS = ['希望修缮村道路灯', '想了解大病医保报销流程', '孩子上学接送不便', '希望增加公交班次', '想申请危房改造', '希望村里组织技能培训', '想咨询养老保险缴费', '需要帮忙办理残疾证', '希望解决饮水管道老化', '想了解土地流转政策']
export const THOUGHTS = ['家里老人身体还好', '对村里环境整治很满意', '担心今年收成', '想外出务工', '关心孩子就业', '希望邻里关系和睦']
export const WORRIES = ['老人独居无人照看', '房屋漏雨', '医药费负担重', '外出务工子女难回家', '担心雨季河道涨水', '']
export const HELP = ['已联系村医上门', '已协调电工维修', '已代办相关手续', '已上报村委研究', '已讲解政策', '']

export const DISPUTE_SUMMARIES: Record<string, readonly string[]> = {
  邻里纠纷: ['因宅基地滴水檐引发争执', '因院墙排水问题发生口角', '因饲养家禽扰邻产生矛盾', '因通行道路堆放杂物发生纠纷'],
  婚姻家庭: ['夫妻因赡养老人问题发生争吵', '兄弟之间因老人赡养费分摊产生矛盾', '因分家析产发生家庭纠纷'],
  土地山林权属: ['因承包地边界不清发生争议', '因山林界址发生争执', '因责任田流转费用产生分歧'],
  劳资纠纷: ['务工人员被拖欠工资', '包工头与工人结算工钱发生争议'],
  涉农问题: ['因灌溉用水先后顺序发生争执', '因农药飘散损害邻田庄稼产生纠纷'],
  其他: ['因借款未按期归还发生纠纷', '因车辆剐蹭赔偿产生争议'],
}

export const INCIDENTS: readonly { title: string; category: string; workType: string; description: string }[] = [
  { title: '村道路灯损坏', category: '基础设施', workType: '一般性', description: '三组至四组村道有5盏路灯不亮，夜间通行不便。' },
  { title: '垃圾收集点满溢', category: '环境卫生', workType: '一般性', description: '垃圾收集点清运不及时，垃圾外溢。' },
  { title: '河道漂浮物', category: '环境卫生', workType: '协调性', description: '河道桥下聚集漂浮物，需协调保洁公司清理。' },
  { title: '出租屋消防通道堵塞', category: '消防安全', workType: '一般性', description: '出租屋楼道堆放电动车和杂物，堵塞消防通道。' },
  { title: '独居老人求助', category: '民生服务', workType: '一般性', description: '独居老人反映家中水管破裂，无力自行维修。' },
  { title: '低保申请咨询', category: '民生服务', workType: '审批性', description: '村民咨询低保申请条件并提交材料，需转镇民政办审核。' },
  { title: '村道塌陷', category: '基础设施', workType: '协调性', description: '连日降雨后村道路基塌陷约2平方米，需交通部门处理。' },
  { title: '暴雨致农房漏水', category: '民生服务', workType: '突发性', description: '暴雨导致两户农房屋顶漏水，需紧急转移安置老人。' },
  { title: '流动摊贩占道经营', category: '治安', workType: '一般性', description: '集市日流动摊贩占用村道经营，影响通行。' },
]
