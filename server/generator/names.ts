/**
 * Name pools for the synthetic district, by family heritage, so that a Vietnamese-speaking family
 * is not named Smith. Some names carry accents on purpose (files are UTF-8).
 */

export type Heritage =
  | 'american'
  | 'hispanic'
  | 'vietnamese'
  | 'chinese'
  | 'filipino'
  | 'arab'
  | 'somali'
  | 'haitian'
  | 'korean'
  | 'slavic'
  | 'brazilian'
  | 'south_asian'
  | 'ethiopian';

interface Pool {
  surnames: readonly string[];
  female: readonly string[];
  male: readonly string[];
}

const AMERICAN_FEMALE = ['Olivia', 'Emma', 'Ava', 'Sophia', 'Isabella', 'Mia', 'Amelia', 'Harper', 'Evelyn', 'Abigail', 'Emily', 'Ella', 'Elizabeth', 'Camila', 'Luna', 'Sofia', 'Avery', 'Mila', 'Aria', 'Scarlett', 'Penelope', 'Layla', 'Chloe', 'Victoria', 'Madison', 'Eleanor', 'Grace', 'Nora', 'Riley', 'Zoey', 'Hannah', 'Hazel', 'Lily', 'Ellie', 'Violet', 'Lillian', 'Zoe', 'Stella', 'Aurora', 'Natalie', 'Emilia', 'Everly', 'Leah', 'Aubrey', 'Willow', 'Addison', 'Lucy', 'Audrey', 'Bella', 'Nevaeh', 'Claire', 'Skylar', 'Paisley', 'Savannah', 'Brooklyn', 'Kennedy', 'Maya', 'Naomi', 'Jasmine', 'Aaliyah'];
const AMERICAN_MALE = ['Liam', 'Noah', 'Oliver', 'Elijah', 'William', 'James', 'Benjamin', 'Lucas', 'Henry', 'Alexander', 'Mason', 'Michael', 'Ethan', 'Daniel', 'Jacob', 'Logan', 'Jackson', 'Levi', 'Sebastian', 'Mateo', 'Jack', 'Owen', 'Theodore', 'Aiden', 'Samuel', 'Joseph', 'John', 'David', 'Wyatt', 'Matthew', 'Luke', 'Asher', 'Carter', 'Julian', 'Grayson', 'Leo', 'Jayden', 'Gabriel', 'Isaac', 'Lincoln', 'Anthony', 'Hudson', 'Dylan', 'Ezra', 'Thomas', 'Charles', 'Christopher', 'Jaxon', 'Maverick', 'Josiah', 'Isaiah', 'Andrew', 'Elias', 'Joshua', 'Nathan', 'Caleb', 'Ryan', 'Adrian', 'Miles', 'Jordan'];
const AMERICAN_SURNAMES = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Hill', 'Green', 'Adams', 'Baker', 'Nelson', 'Carter', 'Mitchell', 'Roberts', 'Turner', 'Phillips', 'Campbell', 'Parker', 'Evans', 'Edwards', 'Collins', 'Stewart', 'Morris', 'Murphy', 'Cook', 'Rogers', 'Morgan', 'Cooper', 'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Cox', 'Ward', 'Richardson', 'Watson', 'Brooks', 'Wood', 'James', 'Bennett', 'Gray', 'Hughes', 'Price', 'Sanders', 'Myers', 'Long', 'Ross', 'Foster', "O'Brien", "O'Connor", 'McCarthy', 'Sullivan', 'Washington', 'Jefferson', 'Freeman', 'Coleman', 'Simmons', 'Bryant', 'Russell', 'Griffin', 'Hayes', 'Wallace', 'Henderson', 'Barnes', 'Fisher', 'Hamilton', 'Graham', 'Marshall', 'Owens', 'Harrison', 'Gibson', 'Ellis', 'Wells', 'Tucker', 'Porter', 'Hunter', 'Hicks', 'Crawford', 'Boyd', 'Mason', 'Warren', 'Dixon', 'Burns', 'Gordon', 'Shaw', 'Holmes', 'Rice', 'Robertson', 'Hunt', 'Black', 'Daniels', 'Palmer', 'Mills', 'Grant', 'Knight', 'Ferguson', 'Stone', 'Hawkins', 'Dunn', 'Perkins', 'Spencer', 'Gardner', 'Stephens', 'Payne', 'Pierce', 'Berry', 'Matthews', 'Arnold', 'Wagner', 'Willis', 'Ray', 'Watkins', 'Olson', 'Carroll', 'Duncan', 'Snyder', 'Hart', 'Cunningham', 'Bradley', 'Lane', 'Andrews', 'Harper', 'Fox', 'Riley', 'Armstrong', 'Carpenter', 'Weaver', 'Greene', 'Lawrence', 'Elliott', 'Chapman', 'Sims', 'Austin', 'Peters', 'Kelley', 'Franklin', 'Lawson', 'Yazzie', 'Begay', 'Tsosie', 'Nakai'];

const POOLS: Record<Heritage, Pool> = {
  american: { surnames: AMERICAN_SURNAMES, female: AMERICAN_FEMALE, male: AMERICAN_MALE },
  hispanic: {
    surnames: ['García', 'Rodríguez', 'Martínez', 'Hernández', 'López', 'González', 'Pérez', 'Sánchez', 'Ramírez', 'Torres', 'Flores', 'Rivera', 'Gómez', 'Díaz', 'Reyes', 'Morales', 'Cruz', 'Ortiz', 'Gutiérrez', 'Chávez', 'Ramos', 'Ruiz', 'Álvarez', 'Mendoza', 'Vásquez', 'Castillo', 'Jiménez', 'Moreno', 'Romero', 'Herrera', 'Medina', 'Aguilar', 'Vargas', 'Guzmán', 'Salazar', 'Rojas', 'Soto', 'Contreras', 'Delgado', 'Navarro', 'Campos', 'Estrada', 'Peña', 'Muñoz', 'Ibáñez', 'Cervantes', 'Domínguez', 'Fuentes', 'Acosta', 'Mejía', 'Valdez', 'Cabrera', 'Sandoval', 'Luna', 'Orozco', 'Zamora', 'Ochoa', 'Espinoza', 'Villalobos', 'De la Cruz', 'García-López', 'Hernández-Ruiz'],
    female: ['Sofía', 'Valentina', 'Camila', 'Isabella', 'Mariana', 'Ximena', 'Daniela', 'Lucía', 'Gabriela', 'Valeria', 'María', 'Guadalupe', 'Alejandra', 'Fernanda', 'Natalia', 'Andrea', 'Paola', 'Renata', 'Regina', 'Jimena', 'Ana', 'Elena', 'Carmen', 'Rosa', 'Abril', 'Victoria', 'Esmeralda', 'Yesenia', 'Marisol', 'Dulce', 'Itzel', 'Araceli', 'Leticia', 'Graciela', 'Maribel', 'Juana', 'Emily', 'Genesis', 'Aylin', 'Brianna'],
    male: ['Santiago', 'Mateo', 'Sebastián', 'Diego', 'Emiliano', 'Leonardo', 'Daniel', 'Alejandro', 'Miguel', 'José', 'Juan', 'Carlos', 'Luis', 'Jorge', 'Jesús', 'Ángel', 'Adrián', 'Fernando', 'Ricardo', 'Eduardo', 'Francisco', 'Javier', 'Rafael', 'Andrés', 'Gael', 'Iker', 'Julián', 'Manuel', 'Óscar', 'Raúl', 'Héctor', 'Armando', 'Rogelio', 'Ernesto', 'Ulises', 'Kevin', 'Bryan', 'Christopher', 'Anthony', 'Jonathan'],
  },
  vietnamese: {
    surnames: ['Nguyễn', 'Nguyen', 'Tran', 'Le', 'Pham', 'Hoang', 'Huynh', 'Phan', 'Vu', 'Vo', 'Dang', 'Bui', 'Do', 'Ho', 'Ngo', 'Duong', 'Ly', 'Truong', 'Dinh', 'Lam'],
    female: ['Linh', 'Mai', 'Anh', 'Ngoc', 'Thao', 'Trang', 'Huong', 'Lan', 'Vy', 'Quynh', 'Hanh', 'My', 'Nhi', 'Thu', 'Yen', 'Kim', 'Tuyet', 'Hoa'],
    male: ['Minh', 'Huy', 'Khoa', 'Duc', 'Quang', 'Tuan', 'Long', 'Bao', 'Nam', 'Hung', 'Thanh', 'Phuc', 'Vinh', 'Dat', 'Khang', 'Tri', 'Hieu', 'Son'],
  },
  chinese: {
    surnames: ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu', 'Sun', 'Ma', 'Zhu', 'Hu', 'Guo', 'Lin', 'He', 'Gao', 'Luo', 'Zheng', 'Liang', 'Chan', 'Wong', 'Cheung'],
    female: ['Mei', 'Xiu', 'Yan', 'Ling', 'Hui', 'Jing', 'Xin', 'Yu', 'Fang', 'Lan', 'Qing', 'Wen', 'Jia', 'Ying', 'Zihan', 'Yutong', 'Shu', 'Ruoxi'],
    male: ['Wei', 'Jun', 'Hao', 'Lei', 'Jie', 'Ming', 'Tao', 'Yong', 'Qiang', 'Bo', 'Jian', 'Chen', 'Hong', 'Zihao', 'Haoran', 'Yichen', 'Kai', 'Rui'],
  },
  filipino: {
    surnames: ['Santos', 'Reyes', 'Cruz', 'Bautista', 'Ocampo', 'Garcia', 'Mendoza', 'Torres', 'Tomas', 'Andrada', 'Castillo', 'Flores', 'Villanueva', 'Ramos', 'Castro', 'Rivera', 'Aquino', 'Navarro', 'Dela Cruz', 'Mercado', 'Aguilar', 'Pascual', 'Manalo', 'Dizon'],
    female: ['Maria', 'Angelica', 'Kristine', 'Jasmine', 'Princess', 'Mary Joy', 'Rosalie', 'Liza', 'Camille', 'Nicole', 'Althea', 'Bea', 'Joanna', 'Divina', 'Marites', 'Lourdes'],
    male: ['Jose', 'John Paul', 'Mark', 'Angelo', 'Christian', 'Jerome', 'Renato', 'Rodel', 'Ramon', 'Paolo', 'Carlo', 'Miguel', 'Joel', 'Jericho', 'Emmanuel', 'Bayani'],
  },
  arab: {
    surnames: ['Haddad', 'Khalil', 'Hassan', 'Ali', 'Ahmed', 'Mansour', 'Nasser', 'Saleh', 'Farah', 'Aziz', 'Hamdan', 'Yousef', 'Ibrahim', 'Khoury', 'Salem', 'Darwish', 'Abboud', 'Qasim', 'Al-Amin', 'El-Sayed'],
    female: ['Layla', 'Fatima', 'Mariam', 'Noor', 'Yasmin', 'Amira', 'Huda', 'Rania', 'Salma', 'Zainab', 'Leen', 'Hana', 'Aya', 'Reem', 'Dina', 'Nadia'],
    male: ['Omar', 'Ahmad', 'Yusuf', 'Ali', 'Khaled', 'Karim', 'Hamza', 'Samir', 'Tariq', 'Bilal', 'Adam', 'Ibrahim', 'Mustafa', 'Rami', 'Zaid', 'Hassan'],
  },
  somali: {
    surnames: ['Mohamed', 'Abdi', 'Hassan', 'Ali', 'Ahmed', 'Warsame', 'Farah', 'Osman', 'Yusuf', 'Jama', 'Hussein', 'Abdullahi', 'Ismail', 'Nur', 'Aden', 'Guled'],
    female: ['Hodan', 'Amina', 'Fadumo', 'Hawa', 'Ayan', 'Ifrah', 'Sagal', 'Ubah', 'Deeqa', 'Hibaq', 'Nasra', 'Sahra', 'Ilhan', 'Khadra'],
    male: ['Abdirahman', 'Mohamed', 'Ahmed', 'Abdullahi', 'Hassan', 'Liban', 'Mahad', 'Guled', 'Bashir', 'Yasin', 'Omar', 'Abdi', 'Farhan', 'Hamza'],
  },
  haitian: {
    surnames: ['Jean', 'Pierre', 'Joseph', 'Louis', 'Charles', 'Baptiste', 'Étienne', 'Désir', 'Toussaint', 'Dorvil', 'Auguste', 'François', 'Célestin', 'Michel', 'Augustin', 'Dessalines'],
    female: ['Fabienne', 'Mirlande', 'Nadège', 'Roseline', 'Widline', 'Guerline', 'Stéphanie', 'Christelle', 'Naomie', 'Esther', 'Judith', 'Sabine', 'Daphney', 'Ketly'],
    male: ['Jean-Baptiste', 'Wilson', 'Fritz', 'Jacques', 'Ricardo', 'Emmanuel', 'Jonas', 'Kervens', 'Wilner', 'Junior', 'Stanley', 'Peterson', 'Daniel', 'Roody'],
  },
  korean: {
    surnames: ['Kim', 'Lee', 'Park', 'Choi', 'Jung', 'Kang', 'Cho', 'Yoon', 'Jang', 'Lim', 'Han', 'Oh', 'Seo', 'Shin', 'Kwon', 'Song'],
    female: ['Ji-woo', 'Seo-yeon', 'Min-ji', 'Ha-eun', 'Soo-ah', 'Ye-jin', 'Eun-ji', 'Hye-jin', 'Ji-min', 'Yuna', 'Da-eun', 'Seo-a'],
    male: ['Min-jun', 'Seo-jun', 'Ji-ho', 'Do-yun', 'Joon-ho', 'Hyun-woo', 'Sung-min', 'Jae-won', 'Tae-yang', 'Dong-hyun', 'Woo-jin', 'Yoon-seo'],
  },
  slavic: {
    surnames: ['Ivanov', 'Petrenko', 'Kovalenko', 'Smirnov', 'Popov', 'Shevchenko', 'Bondarenko', 'Volkov', 'Kuznetsov', 'Melnyk', 'Tkachenko', 'Sokolov', 'Morozov', 'Lysenko', 'Pavlenko', 'Novikov'],
    female: ['Anastasia', 'Sofiya', 'Daria', 'Polina', 'Viktoria', 'Yulia', 'Oksana', 'Kateryna', 'Iryna', 'Svetlana', 'Alina', 'Maria', 'Olena', 'Natalia'],
    male: ['Dmitri', 'Maksym', 'Artem', 'Mykola', 'Oleksandr', 'Ivan', 'Sergei', 'Andriy', 'Bohdan', 'Nikita', 'Pavlo', 'Yuri', 'Vladyslav', 'Roman'],
  },
  brazilian: {
    surnames: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Pereira', 'Costa', 'Almeida', 'Ferreira', 'Rodrigues', 'Carvalho', 'Gomes', 'Ribeiro', 'Araújo', 'Barbosa', 'Conceição', 'Lima'],
    female: ['Ana Clara', 'Beatriz', 'Larissa', 'Júlia', 'Letícia', 'Manuela', 'Giovanna', 'Fernanda', 'Luíza', 'Rafaela', 'Thaís', 'Camila', 'Bruna', 'Cecília'],
    male: ['João', 'Pedro', 'Gustavo', 'Lucas', 'Thiago', 'Rafael', 'Matheus', 'Felipe', 'Enzo', 'Davi', 'Bruno', 'Caio', 'Vinícius', 'Murilo'],
  },
  south_asian: {
    surnames: ['Patel', 'Sharma', 'Singh', 'Kumar', 'Gupta', 'Shah', 'Reddy', 'Mehta', 'Desai', 'Iyer', 'Khan', 'Chowdhury', 'Rao', 'Joshi', 'Nair', 'Malhotra'],
    female: ['Aanya', 'Diya', 'Priya', 'Ananya', 'Ishita', 'Kavya', 'Saanvi', 'Riya', 'Meera', 'Neha', 'Pooja', 'Aditi', 'Sana', 'Tara'],
    male: ['Arjun', 'Aarav', 'Vihaan', 'Rohan', 'Aditya', 'Krishna', 'Rahul', 'Vikram', 'Dev', 'Sanjay', 'Ishaan', 'Kabir', 'Nikhil', 'Ravi'],
  },
  ethiopian: {
    surnames: ['Tesfaye', 'Bekele', 'Girma', 'Haile', 'Tadesse', 'Alemu', 'Mekonnen', 'Kebede', 'Wolde', 'Assefa', 'Gebre', 'Desta', 'Abebe', 'Negash'],
    female: ['Selam', 'Hana', 'Meron', 'Bethlehem', 'Tigist', 'Liya', 'Mahlet', 'Saron', 'Rahel', 'Eden', 'Helen', 'Marta'],
    male: ['Dawit', 'Yonas', 'Abel', 'Samuel', 'Natnael', 'Henok', 'Biniam', 'Kaleb', 'Eyob', 'Robel', 'Nahom', 'Mikias'],
  },
};

/** Children of immigrant families often get names from the American pool too. */
export function namePool(heritage: Heritage): Pool {
  return POOLS[heritage];
}

export const AMERICAN_POOL = POOLS.american;

/** Names for schools: people and places, combined with the school's level. */
export const SCHOOL_NAMES = [
  'Cesar Chavez', 'Dolores Huerta', 'Rosa Parks', 'Frederick Douglass', 'Sojourner Truth', 'Harriet Tubman', 'Thurgood Marshall',
  'Mary McLeod Bethune', 'Fred Korematsu', 'Sylvia Mendez', 'Wilma Mankiller', 'Ruby Bridges', 'Roberto Clemente', 'Jane Addams',
  'John Muir', 'Maya Angelou', 'Langston Hughes', 'Sally Ride', 'Ellen Ochoa', 'Grace Hopper', 'Katherine Johnson', 'Booker T. Washington',
  'Patsy Mink', 'Larry Itliong', 'Daniel Inouye', 'Jackie Robinson', 'Helen Keller', 'Eleanor Roosevelt', 'Abraham Lincoln',
  'George Washington Carver', 'Benjamin Banneker', 'Chief Joseph', 'Sequoyah', 'Gabriela Mistral', 'Pablo Neruda', 'Octavia Butler',
  'Riverside', 'Maple Grove', 'Oak Hill', 'Cedar Creek', 'Willow Park', 'Lakeview', 'Sunnyside', 'Hillcrest', 'Pine Ridge',
  'Eastgate', 'Westwood', 'Northside', 'Southport', 'Mill Creek', 'Bayview', 'Fairview', 'Highland', 'Meadowbrook', 'Brookside',
  'Garfield', 'Franklin', 'Lincoln Heights', 'Jefferson', 'Madison', 'Monroe', 'Roosevelt', 'Kennedy', 'Valley View', 'Canyon Crest',
  'Harbor', 'Orchard', 'Prairie', 'Summit', 'Del Mar', 'Las Palmas', 'Mission', 'Alta Vista', 'Buena Vista', 'El Camino',
];

export const GUARDIAN_RELATIONSHIPS_TWO = [['Mother', 'Father'], ['Mother', 'Father'], ['Mother', 'Father'], ['Mother', 'Stepfather'], ['Mother', 'Mother'], ['Father', 'Father'], ['Grandmother', 'Grandfather'], ['Father', 'Stepmother']] as const;
export const GUARDIAN_RELATIONSHIPS_ONE = ['Mother', 'Mother', 'Mother', 'Mother', 'Father', 'Grandmother', 'Aunt', 'Legal guardian'] as const;
