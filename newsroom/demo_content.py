"""Invented sample newsroom for `manage.py seed_demo`: every name, quote and event here is fiction."""  # noqa: E501

SECTIONS = [
    {
        "name": "Town",
        "slug": "town",
        "description": (
            "Council decisions, schools, shops and the people of Solenmouth, "
            "from the Guildhall to Fennel Hill."
        ),
    },
    {
        "name": "Harbour & Coast",
        "slug": "harbour",
        "description": (
            "Tides, boats, ferries and flood defences: news from the quays, "
            "the estuary and the island of Garra."
        ),
    },
    {
        "name": "Sport",
        "slug": "sport",
        "description": (
            "Solenmouth Town FC, the gig rowing clubs and grassroots sport across the bay."
        ),
    },
    {
        "name": "Culture",
        "slug": "culture",
        "description": (
            "Festivals, galleries, music, books and the Ropewalk Library: "
            "what’s on and who is making it."
        ),
    },
]

AUTHORS = [
    {
        "name": "Maren Tullow",
        "slug": "maren-tullow",
        "bio": (
            "Chief reporter. Maren joined the Chronicle in 2009 from a weekly paper inland "
            "and has covered almost every story in Solenmouth since, from court hearings "
            "to the annual raft race."
        ),
    },
    {
        "name": "Idris Penhallow",
        "slug": "idris-penhallow",
        "bio": (
            "Local democracy reporter. Idris sits through every full council meeting at the "
            "Guildhall so that you don’t have to, and reads the budget papers so that you "
            "can check them."
        ),
    },
    {
        "name": "Gethin Marlow",
        "slug": "gethin-marlow",
        "bio": (
            "Harbour and environment correspondent. A former deckhand on the Garra ferry, "
            "Gethin writes about tides, fishing, flooding and the working waterfront."
        ),
    },
    {
        "name": "Niamh Catterick",
        "slug": "niamh-catterick",
        "bio": (
            "Sports editor. Niamh has followed Solenmouth Town FC home and away for eleven "
            "seasons and still coaches the under-12s on Sunday mornings."
        ),
    },
    {
        "name": "Owen Sallis",
        "slug": "owen-sallis",
        "bio": (
            "Arts and features writer. Owen reviews exhibitions, gigs and plays across the "
            "bay and edits the Chronicle’s weekly what’s-on guide."
        ),
    },
    {
        "name": "Priya Rennard",
        "slug": "priya-rennard",
        "bio": (
            "Education and health reporter. Priya covers Solenmouth’s schools, the surgery "
            "on Anchor Terrace and anything involving a waiting list."
        ),
    },
    {
        "name": "Ярина Ковальчук",
        "slug": "yaryna-kovalchuk",
        "bio": (
            "Reporter for the Chronicle’s Ukrainian pages. Yaryna came to Solenmouth in 2022, "
            "writes about the town for its Ukrainian-speaking readers and crews the harbour "
            "rowing gig on Sundays."
        ),
    },
]

ARTICLES = [
    # DELIBERATELY AWKWARD FOR TEXT-ANCHORING TESTS: keep this article first and do not
    # "tidy" it. Its second paragraph contains, all in one paragraph:
    #   - the phrase "the second harbour bridge" three times in that paragraph (once as
    #     "the second harbour bridge site") and again verbatim in the third paragraph;
    #   - a non-breaking space, written as the escape \u00a0 ("12\u00a0metres");
    #   - a soft hyphen, written as the escape \u00ad ("re\u00adconstruction");
    #   - curly double quotes “ ” and the curly apostrophe ’;
    #   - a literal emoji (🌊);
    #   - an accented word ("café").
    {
        "slug": "tide-tables-and-the-second-harbour-bridge",
        "section": "harbour",
        "authors": ["gethin-marlow", "idris-penhallow"],
        "title": "Tide tables and the second harbour bridge: what the new survey means",
        "standfirst": (
            "The first full survey of the Solen estuary in almost thirty years has redrawn "
            "the town’s tide tables, and reopened the argument over how high a second "
            "crossing of the harbour must be."
        ),
        "days_ago": 0,
        "image": {
            "alt": (
                "A surveyor in a yellow jacket holds a measuring staff against the inner "
                "harbour wall at low tide, with moored boats resting on the mud behind her."
            ),
            "caption": (
                "Delphine Aske of the Solenmouth Harbour Trust checks a tide mark on the "
                "inner basin wall."
            ),
            "credit": "Gethin Marlow / The Harbour Chronicle",
            "palette": ("#1d3557", "#a8dadc"),
        },
        "body": """\
Harbour surveyors have published the first revised tide tables for Solenmouth in almost
three decades, and the figures are already being pored over by everyone from the lifeboat
crew to the anglers on the North Mole. The survey, commissioned by the Solenmouth Harbour
Trust and carried out over 14 months, found that spring high tides in the inner basin now
arrive on average 11 minutes later than the tables printed in 1996 predicted.

Nowhere is that change argued over more than at the second harbour bridge site. Campaigners
say the second harbour bridge must clear 12\u00a0metres above the highest spring tide, while
the Trust’s engineers argue that the second harbour bridge could sit lower if the
re\u00adconstruction of the East Quay wall goes ahead first. “We’ve measured it to the
centimetre,” said surveyor Delphine Aske, spreading a laminated chart across a table in the
Quayside café 🌊. “It’s not a matter of opinion any more.”

The idea of the second harbour bridge is not new. A footbridge linking Gullet Lane to the
fish market on the far side of the basin was first proposed in 1987, and again in 2009,
when it fell at the planning stage over the cost of dredging. The current scheme, a lifting
span for pedestrians and cyclists, has an estimated price of £6.8m, of which the Trust says
it could raise £2.1m from mooring fees over ten years.

## What the new tables show

The revised tables will be posted outside the harbour office on Quayside Row from Monday.
Compared with the 1996 edition, they make three main changes, which the Trust says every
boat owner using the inner basin should read before the spring tides later this month:

- spring high waters are on average 11 minutes later, and up to 18 minutes later in March
- the highest predicted tide of the year is 6.2 metres, 14 centimetres above the old figure
- the sill at the basin entrance is now covered for about 25 minutes less on neap tides

Not everyone is convinced that the new figures should settle the bridge question.
Councillor Hywel Tregarron, who chairs the borough council’s planning committee, said he
wanted to see the raw survey data before any decision was taken. “Eleven minutes is eleven
minutes, but a bridge is built to last a hundred years,” he said. “I’d like somebody
independent to look at this before we commit the town to a design it can’t change.”

For those who work the harbour, the effects are more immediate. Skipper Ronan Pellew, who
lands crab and lobster from his boat the *Marigold*, said crews had long suspected the old
tables were out. “We’ve been adding a bit on for years without ever writing it down,” he
said. “It’s nice to have the paperwork catch up with the water, to be honest.”

A public exhibition of the three bridge options will be held at the Ropewalk Library over
two weekends next month, and comments will be accepted until the end of April. The full
survey report, including the tide data for every day of the coming year, can be read on
the [Harbour Trust’s website](https://example.org/solenmouth-harbour-trust/tide-survey).
""",
    },
    {
        "slug": "council-approves-budget-after-late-night-vote",
        "section": "town",
        "authors": ["idris-penhallow"],
        "title": "Council approves £14.3m budget after late-night vote",
        "standfirst": (
            "Councillors backed a 2.9% rise in the borough’s share of council tax by nine "
            "votes to six, after almost four hours of debate at the Guildhall."
        ),
        "days_ago": 11,
        "image": {
            "alt": (
                "Councillors seated around a horseshoe of wooden desks in a panelled chamber, "
                "several with their hands raised in a vote."
            ),
            "caption": (
                "Members vote on the budget in the Guildhall council chamber on Tuesday night."
            ),
            "credit": "Idris Penhallow / The Harbour Chronicle",
            "palette": ("#3d2c2e", "#e9c46a"),
        },
        "body": """\
Solenmouth Borough Council has approved a £14.3m budget for the coming financial year,
including a 2.9% rise in its share of council tax, after a meeting at the Guildhall that
ran until shortly before midnight on Tuesday. The budget was carried by nine votes to six,
with two abstentions, after a series of amendments from opposition members had all been
defeated.

For a household in a Band D property, the increase will add £7.84 a year to the borough’s
part of the bill, taking it to £278.18. The larger share of the bill, set by the county
council and the police, is decided separately, and residents should expect to hear about
that next month. Bills for the whole amount will be posted in the spring.

Council leader Morwenna Hale said the budget protected frontline services while “being
honest about what things cost”. “We have not closed a single public toilet, a single
library or a single bus shelter,” she told the chamber. “What we have done is stop
pretending that the harbour wall and the leisure centre roof will mend themselves.”

The biggest new item is £1.2m set aside for repairs to the East Quay retaining wall, which
was damaged in last winter’s storms and has been inspected monthly since. A further
£450,000 will pay for a new roof on the Fennel Hill leisure centre, where buckets have been
a fixture beside the learner pool since October and two swimming lessons were cancelled.

Opposition leader Councillor Tobias Venn called the rise “a tax on the people who can least
afford it” and proposed paying for the leisure centre roof by selling the council-owned car
park on Anchor Terrace. “That car park is half empty for six months of the year,” he said.
“It is a lazy asset.” His amendment was defeated by ten votes to seven.

Other spending in the budget includes:

- £180,000 to open the Ropewalk Library six days a week instead of four
- £95,000 for new lighting and cameras along the seafront promenade
- £60,000 in grants for community groups, up from £45,000 last year
- a freeze on parking charges at the Harbour Road car park until September

Before the debate, several residents addressed the meeting. Ada Lintott, secretary of the
Anchor Terrace Residents’ Association, said her members were “not against paying for
things”. “We just want to see the money end up where we’re told it will,” she said. “Last
year’s pothole money seemed to stop at the top of the hill.”

The budget will be formally confirmed at a short meeting of the full council next month,
when members will also be asked to approve a separate plan for the harbour car parks. The
papers, including a breakdown of spending by department, are published on the
[council’s website](https://example.org/solenmouth-council/budget), and the recording of
Tuesday’s meeting can be watched there in full.
""",
    },
    {
        "slug": "flood-gates-hold-as-storm-surge-tops-east-quay",
        "section": "harbour",
        "authors": ["gethin-marlow"],
        "title": "Flood gates hold as storm surge tops East Quay",
        "standfirst": (
            "New gates on Harbour Road kept seawater out of dozens of homes on Friday night, "
            "but businesses on the quay itself were not so lucky."
        ),
        "days_ago": 3,
        "image": {
            "alt": (
                "Waves breaking over a stone quay wall at night, lit by orange street lamps, "
                "with a closed steel flood gate in the foreground."
            ),
            "caption": (
                "Spray over the East Quay shortly before high water on Friday. The Harbour Road "
                "gates, foreground, were closed at 7.40pm."
            ),
            "credit": "Solenmouth Coastwatch",
            "palette": ("#0b132b", "#5bc0be"),
        },
        "body": """\
The flood gates installed on Harbour Road last spring were closed for real for the first
time on Friday night, as a storm surge pushed the tide 0.9 metres above its predicted
height and sent waves over the East Quay wall. Borough engineers said the gates, which cost
£2.4m, had kept water away from around 60 homes on Gullet Lane and the lower end of
Ropewalk Street.

The gates were shut at 7.40pm, two hours before high water, by a team of four council
staff and volunteers from the Solenmouth Coastwatch group. By 9.30pm, according to
Coastwatch, water was lapping within a hand’s width of the top of the barrier, and it was
almost 2am before the level on the seaward side had fallen back to normal.

“The last time we had a tide like that, in 2014, I had 30 centimetres of water in my front
room,” said Eileen Farrant, 78, who has lived on Gullet Lane for more than fifty years.
“This time I made a cup of tea and watched it from the upstairs window. I never thought
I’d be saying thank you to a wall, but there you are.”

Businesses on the East Quay, which sits outside the line of the gates, fared worse. The Net
Loft restaurant, the Solen Chandlery and a bicycle hire shop all reported flooding, and the
quayside car park was closed on Saturday while debris, including a dozen lobster pots and a
section of pontoon, was cleared away by harbour staff and volunteers.

Chandlery owner Bryn Castell said he had moved most of his stock upstairs after a warning
from the harbour office on Friday afternoon. “We lost the floor, the skirting boards and
about £3,000 of rope,” he said. “It could have been ten times worse. But there’s a
conversation to be had about why the quay was left on the wrong side of the gates.”

## What happens next

The borough council said a survey of the East Quay retaining wall, already paid for in the
budget approved last week, would now be brought forward to next month. Harbour master
Lorna Quaile said the Harbour Trust was also helping the affected businesses with their
insurance claims and would waive their mooring and rent charges for March.

> “Friday was a real test and the gates passed it,” she said. “But the sea doesn’t read our
> plans, and the quay wall is the next weak point. We owe people honesty about that.”

More high spring tides are forecast for the end of the month, though the current
forecast does not show strong winds. Residents can sign up for free text alerts
from Coastwatch at [its website](https://example.org/solenmouth-coastwatch/alerts) or by
leaving their number at the harbour office on Quayside Row, which is open from 8am to 6pm
every day.
""",
    },
    {
        "slug": "fennel-hill-pupils-weather-station-goes-live",
        "section": "town",
        "authors": ["priya-rennard"],
        "title": "Fennel Hill pupils’ weather station goes live on the school roof",
        "standfirst": (
            "Year 6 children spent two terms building a rooftop weather station, and its "
            "readings are now shared with the harbour office and the lifeboat crew."
        ),
        "days_ago": 1,
        "image": {
            "alt": (
                "Three children in blue school jumpers look up at a small white weather "
                "station with spinning cups, fixed to a metal mast on a flat roof."
            ),
            "caption": (
                "Pupils from Class 6G with the weather station above Fennel Hill Primary "
                "School’s science room."
            ),
            "credit": "Priya Rennard / The Harbour Chronicle",
            "palette": ("#264653", "#e9f5db"),
        },
        "body": """\
A weather station built by pupils at Fennel Hill Primary School began sending readings last
week, and its first real job was recording the gusts from Friday night’s storm. The
station, fixed to the roof of the school’s new science room, measures wind speed, rainfall,
air pressure and temperature every five minutes and posts the figures to a public web page.

The project began in September, when Year 6 teacher Gwen Athill asked her class of 28 what
they would do with £1,500 from the school’s parents’ association. “I expected them to ask
for a trampoline or a class pet,” she said. “Then one of them said, ‘We live right by the
sea, so why don’t we know what the weather’s doing?’ and the whole class went with it.”

Pupils soldered the sensors themselves, with help from Clive Danbury, a retired electronics
engineer who volunteers at the school two mornings a week. The white casing was made on the
3D printer at the Ropewalk Library, and the mast was donated by a yacht rigger on the East
Quay who had heard about the project from his daughter, a pupil in the class.

Eleven-year-old Tamsin Orley, who wrote much of the code, said the hardest part had been the
rain gauge. “It kept counting every time the wind shook it,” she said. “We had to teach it
to ignore the wobbles. Now it only counts real rain, and it’s counted 41 millimetres since
we switched it on, which is a lot.”

The readings are already being used beyond the school gates. The harbour office shows the
school’s wind speed on a screen beside the fuel pontoon, and volunteers at Solenmouth
lifeboat station say the figures are a useful check on conditions at the top of the town,
where the wind often arrives a few minutes before it reaches the water.

“Fennel Hill is about 70 metres above the harbour, so it sees weather coming in off the bay
before we do,” said Nell Garrow, the lifeboat station’s press officer. “It’s not a
replacement for the official forecast, but on a gusty night every bit of information helps,
and frankly the children’s kit is better than what we had ten years ago.”

Head teacher Marcus Ebdon said the station would be looked after by each Year 6 class in
turn, with a formal “handover” every July, and that two other primary schools in the bay had
already asked for the plans. Readings from the station, including a chart of
the storm, can be seen on the [Fennel Hill weather page](https://example.org/fennel-hill/weather).
""",
    },
    {
        "slug": "gulls-climb-to-second-after-win-over-pellow-vale",
        "section": "sport",
        "authors": ["niamh-catterick"],
        "title": "Gulls climb to second after 3–1 win over Pellow Vale",
        "standfirst": (
            "Two goals in four minutes from substitute Kieran Osgood turned a tense afternoon "
            "at the Saltings into Solenmouth Town’s best result of the season."
        ),
        "days_ago": 5,
        "image": {
            "alt": (
                "A footballer in a white and navy kit wheels away in celebration in front of a "
                "small covered terrace packed with cheering supporters."
            ),
            "caption": (
                "Kieran Osgood celebrates his second goal in front of the Harbour Road terrace."
            ),
            "credit": "Tom Ashby for The Harbour Chronicle",
            "palette": ("#14213d", "#fca311"),
        },
        "body": """\
Solenmouth Town moved up to second in the Estuary Counties League Premier Division on
Saturday with a 3–1 win over Pellow Vale Athletic in front of 612 spectators at the
Saltings, the club’s biggest home crowd since the opening day of the season. The Gulls are
now two points behind leaders Drennick United with a game in hand and eleven matches left.

Vale took the lead on 23 minutes, when a corner from the left was headed in at the far post
by centre-back Leon Marrish, and the visitors were comfortable until half-time. The home
side’s best chance before the break fell to captain Joe Trewin, whose volley from the edge
of the penalty area came back off the crossbar with the goalkeeper beaten.

Manager Sally Penwarden made a double change on the hour, bringing on Kieran Osgood and
17-year-old winger Ellis Yeo, and the game turned almost at once. Yeo’s low cross on 64
minutes was turned in by Osgood at the near post, and four minutes later the striker seized
on a loose clearance, rounded the goalkeeper and rolled the ball into an empty net.

Trewin added a third from the penalty spot in the 81st minute after Yeo was brought down,
sending the goalkeeper the wrong way and the crowd on the Harbour Road terrace into song.
Vale finished with ten men after midfielder Craig Dunmore was shown a second yellow card
for dissent deep into stoppage time.

“I told them at half-time that we were playing well and just needed to be braver,”
Penwarden said afterwards. “The lads who came on changed it, but the ones who’d been running
for an hour deserve just as much credit. We’re not getting carried away. There’s a long
way to go, and Drennick don’t drop many points.”

Osgood, who joined from Drennick in the autumn, has now scored seven goals in 14
appearances, most of them from the bench. “It’s been frustrating at times, but you have to
be ready,” he said. “The gaffer’s fair with everyone. If you take your chance, you play.
Hopefully that’s done me some good for Tuesday.”

The Gulls travel to Drennick on Tuesday evening (kick-off 7.45pm) in a match that could
take them top, before returning to the Saltings on Saturday to face fourth-placed Maddock
Cross Rovers. Tickets for Saturday, priced £8 for adults and £3 for under-16s, are on sale at
the clubhouse and [online](https://example.com/solenmouth-town-fc/tickets).
""",
    },
    {
        "slug": "quayside-saturday-market-grows-to-42-stalls",
        "section": "town",
        "authors": ["maren-tullow"],
        "title": "Quayside Saturday market to grow to 42 stalls",
        "standfirst": (
            "Solenmouth’s food market, which began with nine tables in a car park five years "
            "ago, is to spread on to the fish quay for a six-month trial."
        ),
        "days_ago": 14,
        "image": {
            "alt": (
                "Shoppers with wicker baskets browse rows of stalls under striped awnings "
                "beside a harbour, with fishing boats moored behind."
            ),
            "caption": (
                "The Quayside Saturday Market in the Harbour Road car park. From next month it "
                "will also occupy the western end of the fish quay."
            ),
            "credit": "Maren Tullow / The Harbour Chronicle",
            "palette": ("#6a040f", "#ffba08"),
        },
        "body": """\
The Quayside Saturday Market is to grow to 42 stalls from the first weekend of next month,
making it one of the largest regular food markets on this stretch of coast. The borough
council’s licensing committee agreed on Thursday to let the market spill over from the
Harbour Road car park on to the western end of the fish quay between 8am and 2pm.

The market began five years ago with nine traders, most of them friends of its founder, the
baker Hattie Brennock. “We had a tablecloth each and a lot of hope,” she said. “The first
week it rained sideways and we sold eleven loaves between us. Now we’ve got a waiting list
of nineteen traders and people coming over on the ferry from Garra just for the morning.”

Among the newcomers when the market expands will be:

- a smokehouse run by two former trawlermen from Drennick, selling kippers and smoked mackerel
- a Keralan street-food stall run by the Mathew family of Anchor Terrace
- an oyster bar supplied from beds in the upper Solen estuary
- a stall selling seaweed seasonings, harvested under licence on the shore at Garra

The decision was not unanimous. Two members of the licensing committee raised concerns
about congestion on Harbour Road, where lorries collecting from the fish market use the same
entrance as shoppers. The council has agreed to a trial of six months, with traders required
to have set up by 7.45am and the fish quay cleared for vehicles by 2.15pm at the latest.

Fishmonger Alun Perrow, whose family has sold from the quay since 1952, said he welcomed the
extra trade but wanted the rules enforced. “My lorry has to be out by twenty past two or I
miss the afternoon run to the wholesaler,” he said. “If somebody’s gazebo is still up,
that’s my day gone. Everybody needs to play fair, and I’m sure they will.”

Stallholders pay £25 a week for a standard three-metre pitch, with a reduced rate of £12
for traders under 25 and for community groups. Ms Brennock said the fees cover insurance,
cleaning, portable toilets and the wages of a part-time market manager, and that any surplus
at the end of the year is given to the Solenmouth food bank on Ropewalk Street.

Customers, at least, seem happy with the plan. “I come down for a loaf and go home with
*half a sack* of everything,” said retired nurse Wendy Trask, a regular since the first
week. “It’s the only place in town where you can buy an oyster, a curry and a birthday card
without walking more than twenty yards. I’ll be here on opening day.”
""",
    },
    {
        "slug": "ropewalk-library-to-open-six-days-a-week",
        "section": "culture",
        "authors": ["owen-sallis"],
        "title": "Ropewalk Library to open six days a week after £180,000 boost",
        "standfirst": (
            "Longer hours, a local history room and a maker space are planned at the town’s "
            "library, which narrowly escaped being sold four years ago."
        ),
        "days_ago": 8,
        "image": {
            "alt": (
                "The long, low stone front of a converted rope-making shed with tall arched "
                "windows and a painted sign reading Ropewalk Library."
            ),
            "caption": (
                "The Ropewalk Library occupies a rope-making shed on Ropewalk Street built "
                "in the 1860s."
            ),
            "credit": "Owen Sallis / The Harbour Chronicle",
            "palette": ("#283618", "#fefae0"),
        },
        "body": """\
The Ropewalk Library will open six days a week from April, after the borough council set
aside £180,000 in its new budget to pay for extra staff. The library, housed in a converted
rope-making shed on Ropewalk Street, currently opens on only four days a week and closes at
1pm on Saturdays, which regular users say has made it hard for working families to visit.

Under the new timetable the library will open from 9.30am to 5.30pm from Monday to
Saturday, with a late opening until 8pm on Thursdays. Sunday will remain closed. Council
officers expect visits to rise from about 38,000 a year to more than 50,000, based on the
experience of similar libraries elsewhere that have restored their hours.

It is a striking change of fortune. Four years ago the building appeared on a list of
council properties being considered for sale, and only a campaign by the Friends of
Ropewalk Library, whose petition gathered 4,126 signatures in three weeks, kept it open.
“We were told it was a nice old shed with some books in it,” said the group’s chair,
Beatrix Holloway. “Well, the nice old shed has won.”

The money will also fund two new part-time posts: a local history librarian and a
co-ordinator for the maker space, which already houses a 3D printer, two sewing machines
and a laser cutter donated by a local boatbuilder. The printer has proved popular; pupils
from Fennel Hill Primary used it this winter to make the casing for their weather station.

The local history room, on the upper floor, will bring together material currently kept in
boxes in the basement. It includes logbooks from the ropeworks dating back to 1871, minute
books from the old Harbour Commissioners, and more than 2,000 glass-plate negatives given
to the town by the family of the photographer Ezra Quill after his death in 1958.

Library manager Ifeoma Clarke said she was most looking forward to the Thursday evenings.
“People assume libraries are quiet places for retired people, and we love our retired
people,” she said. “But the busiest hour we have is straight after school, and the second
busiest is whenever it rains. Staying open late means more people can actually get here.”

> “We’re not a museum and we’re not a waiting room. We’re the town’s front room,
> and from April the door will be open a lot more often,” Ms Clarke said.

The library will close for ten days in late March while shelves are moved and the history
room is fitted out. Books due back during the closure can be returned through the letterbox,
and no fines will be charged. Opening hours are listed on the
[library’s page](https://example.org/ropewalk-library).
""",
    },
    {
        "slug": "garra-ferry-to-cut-weekday-sailings",
        "section": "harbour",
        "authors": ["maren-tullow"],
        "title": "Garra ferry to cut weekday sailings from six to four",
        "standfirst": (
            "Islanders say the new timetable, which starts on 1 April, will leave commuters "
            "and hospital patients facing long waits on the mainland."
        ),
        "days_ago": 6,
        "image": {
            "alt": (
                "A small blue and white passenger ferry leaving a stone slipway, with a low "
                "green island on the horizon under grey cloud."
            ),
            "caption": (
                "MV Curlew leaves Solenmouth for Garra. The crossing takes about 35 minutes."
            ),
            "credit": "Gethin Marlow / The Harbour Chronicle",
            "palette": ("#023e8a", "#caf0f8"),
        },
        "body": """\
The ferry between Solenmouth and the island of Garra will run four times a day on weekdays
instead of six from 1 April, its operator has confirmed. Garra Island Ferries said rising
fuel costs and difficulty recruiting crew had left it unable to keep to the current
timetable outside the summer peak, which runs from late May to mid-September.

Under the new timetable the *MV Curlew* will leave Garra at 7.15am, 10.30am, 2.45pm and
6pm, and return from Solenmouth at 8am, 11.30am, 4pm and 6.45pm. The crossings at
12.30pm and 8.15pm will be dropped. Weekend sailings are unchanged, and the summer timetable
of seven crossings a day will return on 24 May.

Garra has about 640 permanent residents, and for many of them the ferry is the only way to
reach work, secondary school or the hospital. Keziah Dunn, who chairs the Garra Community
Council, said losing the 8.15pm return would mean anyone with a late shift or an afternoon
hospital appointment would face a night on the mainland. “We’re not asking for luxury,”
she said. “We’re asking to be able to get home.”

A petition calling for the evening sailing to be kept has gathered 1,034 signatures, many
of them from mainland residents with family on the island. It will be presented to the
borough council next month, although the council has no direct say over the timetable
because the service receives no public subsidy.

Rhodri Salter, managing director of Garra Island Ferries, said the decision had not been
taken lightly. “Our fuel bill has gone up by 40% in three years and we have been a
qualified deckhand short since October,” he said. “I would rather run four sailings we can
rely on than six we keep cancelling at an hour’s notice. That helps nobody on the island.”

The company said it would put on extra crossings on request for funerals, medical
emergencies and community events, and that it was talking to the organisers of the Lantern
Tide festival about a late sailing on the festival’s closing night. It also plans to review
the timetable again in October, once winter crew numbers are known.

For islanders such as Jory Penrice, a care worker who finishes at 7pm three days a week,
those promises feel thin. “I’ll be sleeping on my sister’s sofa in Solenmouth three nights
a week,” he said. “That’s my life rearranged for the sake of one boat. I understand the
money, I do, but somebody needs to think about the people at the other end.”
""",
    },
    {
        "slug": "lantern-tide-festival-to-close-with-harbour-procession",
        "section": "culture",
        "authors": ["owen-sallis", "maren-tullow"],
        "title": "Lantern Tide festival to close with a procession of 500 lanterns",
        "standfirst": (
            "The fourth Lantern Tide arts festival will run for nine days in June, with more "
            "than 60 events split between the harbour, the Guildhall and the island of Garra."
        ),
        "days_ago": 4,
        "image": {
            "alt": (
                "Dozens of glowing paper lanterns shaped like fish and boats carried along a "
                "harbour wall at dusk, reflected in the water below."
            ),
            "caption": (
                "Last year’s closing procession along the North Mole. Organisers hope to double "
                "the number of lanterns this summer."
            ),
            "credit": "Lantern Tide Festival",
            "palette": ("#240046", "#ff9e00"),
        },
        "body": """\
The Lantern Tide arts festival will return for nine days from 13 to 21 June, its organisers
announced this week, with a programme of more than 60 events and a closing procession of
500 handmade lanterns along the North Mole. It will be the fourth festival since it was
started by a group of volunteers in a back room of the Anchor Inn.

Festival director Imogen Straker said the aim this year was to take events further beyond
the harbour front. As well as concerts in the Guildhall and open studios along Gullet Lane,
the programme includes a poetry walk across the Fennel Hill allotments, a silent disco on the
fish quay and, for the first time, a full day of events on the island of Garra.

The centrepiece is a new sound installation by the composer Rosalind Okoro-Hart, who was
given recordings made by the Harbour Trust’s surveyors over 14 months of measuring the
tide. Her piece, *Slack Water*, will play from speakers hidden under the pontoons for the
whole of the festival, rising and falling in volume with the real tide. “The harbour is
already an instrument,” she said. “I’m just turning it up.”

Lantern-making workshops will run every Saturday in May at the Ropewalk Library and in the
village hall on Garra, and are free to anyone who promises to carry their lantern in the
procession. Last year 240 people took part, and Ms Straker admits that 500 is “a bit of a
leap”. “But people here rise to a challenge,” she said. “Ask anyone who’s been to a raft race.”

The festival’s budget of £210,000 comes from ticket sales, local sponsors, an arts grant of
£65,000 and a contribution of £20,000 from the borough council. Around two-thirds of events
are free, and tickets for the rest range from £4 to £18, with half-price tickets for
residents of Solenmouth and Garra who show a library card at the box office.

Not all the details are settled. Organisers are still in talks with Garra Island Ferries
about a late sailing on the closing night, after the operator announced cuts to its weekday
timetable from April. “We can’t hold a festival day on Garra and then leave everybody
stranded,” said Ms Straker. “We’ll find a boat, even if I have to row it myself.”

The full programme will be published on the
[festival website](https://example.org/lantern-tide/programme) on 1 May, when tickets go on
sale. More than 80 volunteers are still needed, mostly for stewarding and the box office,
and anyone interested can leave their name at the Ropewalk Library or at the festival’s
pop-up office on Quayside Row.
""",
    },
    # Written in Ukrainian (the Chronicle's Ukrainian pages): its page, dialog, notes and
    # changelog speak Ukrainian on an English site.
    {
        "slug": "ukrainska-subotnia-shkola-pereizhdzhaie-do-biblioteky",
        "section": "town",
        "language": "uk",
        "authors": ["yaryna-kovalchuk"],
        "title": "Українська суботня школа переїжджає до бібліотеки «Ропвок»",
        "standfirst": (
            "Після трьох років у церковній залі на Якірній терасі школа для дітей "
            "українських родин Соленмута отримає два класи й читальню в бібліотеці."
        ),
        "days_ago": 2,
        "image": {
            "alt_abstract": "Абстрактна ілюстрація: сонце над кольоровим обрієм",
            "caption": (
                "Учні суботньої школи готують виставу до свята врожаю в залі на Якірній терасі."
            ),
            "credit": "Ярина Ковальчук / The Harbour Chronicle",
            "palette": ("#0057b7", "#ffd700"),
        },
        "body": """\
Українська суботня школа Соленмута з наступного місяця проводитиме заняття в бібліотеці
«Ропвок». Рада бібліотеки погодила оренду двох класів на другому поверсі та читальні з
видом на гавань, і вже в першу суботу після шкільних канікул до нових кімнат прийдуть
сорок сім учнів віком від п’яти до чотирнадцяти років.

Школу заснували восени 2022 року кілька родин, які оселилися в місті й на острові Гарра.
Спершу діти збиралися на кухні в однієї з мам, потім у церковній залі на Якірній терасі,
де навчальний рік щоразу закінчувався пошуками додаткових стільців. «Нам завжди бракувало
місця, а не охочих», — каже директорка школи Галина Стрілецька.

## Що зміниться для родин

Уроки, як і раніше, відбуватимуться щосуботи, крім шкільних канікул. Перше заняття
починатиметься о 9:30, останнє закінчуватиметься о 13:00, а між ними діти матимуть
перерву з чаєм і печивом, які приносять батьки по черзі. Бібліотека відкриває для школи
й свій фонд: на окремій полиці вже стоять понад двісті українських книжок, подарованих
читачами з усього узбережжя.

Для родин з острова Гарра школа домовилася з поромною компанією про знижку на суботній
ранковий рейс. Квиток для дитини з учнівським квитком коштуватиме £1,20 в обидва боки.
«Раніше частина дітей просто не встигала на перший урок», — пояснює Стрілецька.

Директор бібліотеки Тамсін Госкен каже, що переїзд корисний для обох сторін. «Суботнього
ранку наші зали стояли напівпорожні, а тепер там буде чути дитячі голоси двома мовами», —
сказала вона. Бібліотека також планує разом зі школою вечори українського кіно, відкриті
для всіх мешканців міста.
""",
    },
]

# Ordinary English words for `manage.py seed_load`, which strings them into filler text.
LOAD_WORDS = [
    "about", "above", "across", "after", "afternoon", "again", "against", "air", "all",
    "almost", "along", "already", "also", "always", "among", "and", "animal", "another",
    "answer", "any", "apple", "area", "around", "autumn", "away", "back", "bag", "ball",
    "bank", "beach", "because", "become", "bed", "before", "began", "behind", "believe",
    "below", "beside", "best", "better", "between", "bird", "black", "blue", "boat", "body",
    "book", "both", "bread", "bridge", "bright", "bring", "brother", "brown", "build",
    "busy", "but", "buy", "call", "came", "can", "car", "care", "carry", "case", "cat",
    "centre", "chair", "change", "child", "city", "class", "clean", "clear", "close",
    "cloud", "coast", "cold", "colour", "come", "common", "could", "country", "course",
    "cup", "cut", "dark", "day", "deep", "different", "dinner", "door", "down", "draw",
    "dream", "during", "each", "early", "earth", "east", "easy", "eat", "empty", "end",
    "enough", "evening", "every", "example", "eye", "face", "fact", "fair", "family", "far",
    "farm", "fast", "father", "field", "fire", "first", "fish", "floor", "flower", "follow",
    "food", "foot", "for", "forest", "friend", "from", "front", "full", "game", "garden",
    "gate", "give", "glass", "good", "great", "green", "ground", "group", "grow", "half",
    "hand", "happy", "harbour", "hard", "have", "head", "hear", "heavy", "help", "here",
    "high", "hill", "hold", "home", "hope", "horse", "hour", "house", "idea", "inside",
    "island", "just", "keep", "kind", "kitchen", "know", "lake", "land", "large", "last",
    "late", "laugh", "learn", "leave", "letter", "light", "line", "listen", "little",
    "live", "long", "look", "low", "make", "many", "market", "meet", "middle", "might",
    "minute", "moment", "money", "month", "moon", "morning", "mother", "mountain", "move",
    "much", "music", "name", "near", "never", "new", "next", "night", "north", "nothing",
    "number", "ocean", "often", "old", "once", "only", "open", "other", "over", "page",
    "paper", "park", "part", "people", "picture", "place", "plan", "plant", "play",
    "point", "quiet", "rain", "read", "ready", "river", "road", "rock", "room", "round",
    "run", "sail", "same", "sand", "school", "sea", "season", "second", "see", "shell",
    "ship", "shop", "short", "show", "side", "simple", "sing", "sister", "sky", "slow",
    "small", "snow", "some", "song", "soon", "south", "space", "spring", "stand", "star",
    "start", "station", "stone", "story", "street", "strong", "summer", "sun", "table",
    "take", "talk", "tall", "tea", "think", "through", "tide", "time", "today", "together",
    "tomorrow", "town", "tree", "under", "until", "voice", "wait", "walk", "wall", "warm",
    "watch", "water", "wave", "weather", "week", "west", "while", "white", "wind",
    "window", "winter", "with", "wood", "word", "work", "world", "write", "year", "yellow",
]  # fmt: skip
